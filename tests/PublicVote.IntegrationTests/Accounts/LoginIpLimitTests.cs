using System.Net;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Accounts;

public sealed class LoginIpLimitFactory() : PublicVoteFactory(s =>
{
    s["Admin:LoginAttemptsPerIpBurst"] = "3";
    s["Admin:LoginAttemptsPerIpPerMinute"] = "1";
});

public sealed class LoginIpLimitTests(LoginIpLimitFactory factory) : IClassFixture<LoginIpLimitFactory>
{
    [Fact]
    public async Task OneAddressSprayingManyUserNamesIsSlowedDownAcrossNames()
    {
        factory.Clock.FreezeTimestamp();
        using var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            // A different name each time: the per-name lockout never sees more than one failure.
            await ProblemAssert.IsProblemAsync(await AdminApi.LoginAsync(client, AdminApi.NewUserName(), "wrong-password-123"), HttpStatusCode.Unauthorized, "login-failed");
        }
        var limited = await AdminApi.LoginAsync(client, AdminApi.NewUserName(), "wrong-password-123");
        var problem = await ProblemAssert.IsProblemAsync(limited, (HttpStatusCode)429, "rate-limited");
        Assert.InRange(problem.GetProperty("retryAfterSeconds").GetInt32(), 1, 60);
        Assert.Equal(problem.GetProperty("retryAfterSeconds").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), limited.Headers.RetryAfter?.ToString());

        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await ProblemAssert.IsProblemAsync(await AdminApi.LoginAsync(client, AdminApi.NewUserName(), "wrong-password-123"), HttpStatusCode.Unauthorized, "login-failed");
        await ProblemAssert.IsProblemAsync(await AdminApi.LoginAsync(client, AdminApi.NewUserName(), "wrong-password-123"), (HttpStatusCode)429, "rate-limited");
    }
}
