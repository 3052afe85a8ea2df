using System.Net;
using System.Text.Json;
using Dapper;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Accounts;

public sealed class BootstrapFactory() : PublicVoteFactory(s =>
{
    s["Admin:BootstrapUser"] = BootstrapTests.User;
    s["Admin:BootstrapPassword"] = BootstrapTests.Password;
});

public sealed class ConfiguredFactory(Action<Dictionary<string, string?>> configure) : PublicVoteFactory(configure);

public sealed class BootstrapTests(BootstrapFactory factory) : IClassFixture<BootstrapFactory>
{
    public const string User = "root-admin";
    public const string Password = "first-admin-password-9f3";

    [Fact]
    public async Task TheFirstAdminIsCreatedOnceAndCanSignIn()
    {
        await using (var db = await factory.Db.OpenConnectionAsync())
        {
            Assert.Equal(1, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM accounts"));
            Assert.Equal(1, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'account.bootstrap'"));
        }
        using var client = factory.CreateClient();
        var login = await ProblemAssert.IsOkAsync<JsonElement>(await AdminApi.LoginAsync(client, User, Password));
        Assert.Equal("admin", login.GetProperty("account").GetProperty("grants")[0].GetProperty("role").GetString());

        // A second node (or a restart) with other bootstrap settings creates nothing: accounts exist.
        var second = new ConfiguredFactory(s =>
        {
            s["ConnectionStrings:Postgres"] = factory.Settings["ConnectionStrings:Postgres"];
            s["Admin:BootstrapUser"] = "another-admin";
            s["Admin:BootstrapPassword"] = "another-strong-password";
        });
        await ((IAsyncLifetime)second).InitializeAsync();
        try
        {
            await using var db = await factory.Db.OpenConnectionAsync();
            Assert.Equal(1, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM accounts"));
            using var other = second.CreateClient();
            await ProblemAssert.IsProblemAsync(await AdminApi.LoginAsync(other, "another-admin", "another-strong-password"),
                HttpStatusCode.Unauthorized, "login-failed");
        }
        finally
        {
            await ((IAsyncLifetime)second).DisposeAsync();
        }
    }

    [Theory]
    [InlineData("root-admin", "")]
    [InlineData("root-admin", "Sh0rt!pw")]
    [InlineData("administrator1", "ADMINISTRATOR1")]
    [InlineData("", "a-perfectly-strong-password")]
    [InlineData("bad name", "a-perfectly-strong-password")]
    public void TheHostRefusesToStartWithAWeakOrHalfGivenBootstrap(string user, string password)
    {
        using var weak = new ConfiguredFactory(s =>
        {
            s["Admin:BootstrapUser"] = user;
            s["Admin:BootstrapPassword"] = password;
        });
        var error = Record.Exception(() => weak.Server);
        Assert.NotNull(error);
        var message = error.ToString();
        // The whole exception on failure: once in a few hundred runs it was an ObjectDisposedException instead.
        Assert.True(message.Contains("Admin:Bootstrap", StringComparison.Ordinal), message);
        if (password.Length > 0)
        {
            Assert.DoesNotContain(password, message, StringComparison.Ordinal);
        }
    }
}
