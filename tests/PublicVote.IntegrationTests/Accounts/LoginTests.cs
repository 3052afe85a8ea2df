using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PublicVote.Api.Features.Accounts;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Accounts;

public sealed class LoginTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Fact]
    public async Task LoginSetsAStrictHttpOnlyCookieAndReturnsABearerTokenThatBothWork()
    {
        var campaign = await factory.CreateCampaignAsync();
        var account = await factory.Accounts.CreateAsync((Roles.Organizer, campaign.Id));
        using var browser = factory.CreateClient();
        var response = await AdminApi.LoginAsync(browser, account.UserName.ToUpperInvariant(), account.Password);
        var body = await ProblemAssert.IsOkAsync<JsonElement>(response);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("pv_admin=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/api/admin", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > factory.Clock.GetUtcNow());

        var me = await ProblemAssert.IsOkAsync<JsonElement>(await browser.GetAsync("/api/admin/me"));
        Assert.Equal(account.UserName, me.GetProperty("userName").GetString());
        Assert.Equal(Roles.Organizer, me.GetProperty("grants")[0].GetProperty("role").GetString());
        using var script = factory.Accounts.BearerClient(body.GetProperty("token").GetString()!);
        await ProblemAssert.IsOkAsync<JsonElement>(await script.GetAsync($"/api/admin/campaigns/{campaign.Id}/totals"));

        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/api/admin/logout", null)).StatusCode);
        await ProblemAssert.IsProblemAsync(await browser.GetAsync("/api/admin/me"), HttpStatusCode.Unauthorized, "admin-login-required");
    }

    [Fact]
    public async Task AWrongPasswordAndAnUnknownUserGetTheSameAnswer()
    {
        var account = await factory.Accounts.CreateAsync();
        using var client = factory.CreateClient();
        await ProblemAssert.IsProblemAsync(await AdminApi.LoginAsync(client, account.UserName, "wrong-password-123"), HttpStatusCode.Unauthorized, "login-failed");
        await ProblemAssert.IsProblemAsync(await AdminApi.LoginAsync(client, "nobody-" + account.UserName, account.Password), HttpStatusCode.Unauthorized, "login-failed");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FiveFailuresLockTheUserNameForFifteenMinutesEvenForTheRightPassword(bool known)
    {
        var account = known ? await factory.Accounts.CreateAsync() : new TestAccount(0, AdminApi.NewUserName(), TestAccounts.Password);
        using var client = factory.CreateClient();
        for (var i = 0; i < 4; i++)
        {
            await ProblemAssert.IsProblemAsync(await AdminApi.LoginAsync(client, account.UserName, "wrong-password-123"), HttpStatusCode.Unauthorized, "login-failed");
        }
        var locked = await AdminApi.LoginAsync(client, account.UserName, "wrong-password-123");
        var problem = await ProblemAssert.IsProblemAsync(locked, (HttpStatusCode)429, "login-locked");
        Assert.Equal(900, problem.GetProperty("retryAfterSeconds").GetInt32());
        Assert.Equal("900", locked.Headers.RetryAfter?.ToString());
        await ProblemAssert.IsProblemAsync(await AdminApi.LoginAsync(client, account.UserName, account.Password), (HttpStatusCode)429, "login-locked");

        factory.Clock.Advance(TimeSpan.FromMinutes(15));
        var after = await AdminApi.LoginAsync(client, account.UserName, account.Password);
        if (known)
        {
            await ProblemAssert.IsOkAsync<JsonElement>(after);
        }
        else
        {
            await ProblemAssert.IsProblemAsync(after, HttpStatusCode.Unauthorized, "login-failed");
        }
    }

    [Fact]
    public async Task DisablingAnAccountEndsItsTokensAndCookiesAndReEnablingDoesNotReviveThem()
    {
        using var admin = await factory.AdminClientAsync(Roles.Admin);
        var account = await factory.Accounts.CreateAsync();
        using var browser = factory.CreateClient();
        await ProblemAssert.IsOkAsync<JsonElement>(await AdminApi.LoginAsync(browser, account.UserName, account.Password));
        using var script = factory.Accounts.BearerClient(await AdminApi.TokenAsync(factory.CreateClient(), account.UserName, account.Password));
        await ProblemAssert.IsOkAsync<JsonElement>(await script.GetAsync("/api/admin/me"));

        await ProblemAssert.IsOkAsync<JsonElement>(await admin.PostAsync($"/api/admin/accounts/{account.Id}/disable", null));
        await ProblemAssert.IsProblemAsync(await script.GetAsync("/api/admin/me"), HttpStatusCode.Unauthorized, "admin-login-required");
        await ProblemAssert.IsProblemAsync(await browser.GetAsync("/api/admin/me"), HttpStatusCode.Unauthorized, "admin-login-required");
        await ProblemAssert.IsProblemAsync(await AdminApi.LoginAsync(browser, account.UserName, account.Password), HttpStatusCode.Forbidden, "account-disabled");

        await ProblemAssert.IsOkAsync<JsonElement>(await admin.PostAsync($"/api/admin/accounts/{account.Id}/enable", null));
        await ProblemAssert.IsProblemAsync(await script.GetAsync("/api/admin/me"), HttpStatusCode.Unauthorized, "admin-login-required");
        await ProblemAssert.IsOkAsync<JsonElement>(await AdminApi.LoginAsync(browser, account.UserName, account.Password));
    }

    [Fact]
    public async Task ResettingThePasswordEndsEveryTokenIssuedBefore()
    {
        using var admin = await factory.AdminClientAsync(Roles.Admin);
        var account = await factory.Accounts.CreateAsync();
        using var script = factory.Accounts.BearerClient(await AdminApi.TokenAsync(factory.CreateClient(), account.UserName, account.Password));
        await ProblemAssert.IsOkAsync<JsonElement>(await script.GetAsync("/api/admin/me"));

        var reset = await admin.PostAsJsonAsync($"/api/admin/accounts/{account.Id}/password", new { password = "a-brand-new-password-42" });
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        await ProblemAssert.IsProblemAsync(await script.GetAsync("/api/admin/me"), HttpStatusCode.Unauthorized, "admin-login-required");
        using var client = factory.CreateClient();
        await ProblemAssert.IsProblemAsync(await AdminApi.LoginAsync(client, account.UserName, account.Password), HttpStatusCode.Unauthorized, "login-failed");
        await ProblemAssert.IsOkAsync<JsonElement>(await AdminApi.LoginAsync(client, account.UserName, "a-brand-new-password-42"));
    }

    [Fact]
    public async Task AnExpiredTokenIsRefused()
    {
        var account = await factory.Accounts.CreateAsync();
        using var script = factory.Accounts.BearerClient(await factory.Accounts.TokenAsync(account.Id));
        await ProblemAssert.IsOkAsync<JsonElement>(await script.GetAsync("/api/admin/me"));
        factory.Clock.Advance(TimeSpan.FromHours(8));
        await ProblemAssert.IsProblemAsync(await script.GetAsync("/api/admin/me"), HttpStatusCode.Unauthorized, "admin-login-required");
    }
}
