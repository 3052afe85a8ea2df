using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Mvc.Testing;
using PublicVote.Api.Features.Accounts;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Accounts;

public sealed class KeyRingTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Fact]
    public async Task TheKeyRingIsStoredEncryptedAndAnotherNodeStillReadsIt()
    {
        var admin = await factory.Accounts.CreateAsync((Roles.Admin, null));
        using var nodeA = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var login = await AdminApi.LoginAsync(nodeA, admin.UserName, admin.Password);
        await ProblemAssert.IsOkAsync<JsonElement>(login);
        var session = CookieOf(login, "pv_admin=");
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, "/api/admin/antiforgery");
        tokenRequest.Headers.Add("Cookie", session);
        var tokenResponse = await nodeA.SendAsync(tokenRequest);
        var token = (await ProblemAssert.IsOkAsync<JsonElement>(tokenResponse)).GetProperty("token").GetString();
        var antiforgery = CookieOf(tokenResponse, "pv_admin_af=");

        await using (var db = await factory.Db.OpenConnectionAsync())
        {
            var stored = (await db.QueryAsync<string>("SELECT xml FROM data_protection_keys")).ToList();
            Assert.NotEmpty(stored);
            Assert.All(stored, xml =>
            {
                Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            });
        }

        // Node B shares the database and the token key: it decrypts the key ring to check node A's antiforgery pair.
        var second = new ConfiguredFactory(s => s["ConnectionStrings:Postgres"] = factory.Settings["ConnectionStrings:Postgres"]);
        await ((IAsyncLifetime)second).InitializeAsync();
        try
        {
            using var nodeB = second.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
            using var write = new HttpRequestMessage(HttpMethod.Post, "/api/admin/accounts")
            {
                Content = JsonContent.Create(new { userName = AdminApi.NewUserName(), password = TestAccounts.Password }),
            };
            write.Headers.Add("Cookie", $"{session}; {antiforgery}");
            write.Headers.Add("X-CSRF-TOKEN", token);
            Assert.Equal(HttpStatusCode.Created, (await nodeB.SendAsync(write)).StatusCode);
        }
        finally
        {
            await ((IAsyncLifetime)second).DisposeAsync();
        }
    }

    private static string CookieOf(HttpResponseMessage response, string prefix) =>
        Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(prefix, StringComparison.Ordinal)).Split(';')[0];
}
