using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PublicVote.Api.Features.Accounts;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Accounts;

public sealed class AntiforgeryTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Fact]
    public async Task ACookieAuthenticatedWriteNeedsTheAntiforgeryHeader()
    {
        var admin = await factory.Accounts.CreateAsync((Roles.Admin, null));
        using var browser = factory.CreateClient();
        await ProblemAssert.IsOkAsync<JsonElement>(await AdminApi.LoginAsync(browser, admin.UserName, admin.Password));

        var refused = await browser.PostAsJsonAsync("/api/admin/accounts", new { userName = AdminApi.NewUserName(), password = TestAccounts.Password });
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.BadRequest, "antiforgery-token-invalid");
        using (var forged = new HttpRequestMessage(HttpMethod.Post, "/api/admin/accounts"))
        {
            forged.Content = JsonContent.Create(new { userName = AdminApi.NewUserName(), password = TestAccounts.Password });
            forged.Headers.Add("X-CSRF-TOKEN", "made-up");
            await ProblemAssert.IsProblemAsync(await browser.SendAsync(forged), HttpStatusCode.BadRequest, "antiforgery-token-invalid");
        }

        var token = await ProblemAssert.IsOkAsync<JsonElement>(await browser.GetAsync("/api/admin/antiforgery"));
        Assert.Equal("X-CSRF-TOKEN", token.GetProperty("headerName").GetString());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/accounts")
        {
            Content = JsonContent.Create(new { userName = AdminApi.NewUserName(), password = TestAccounts.Password }),
        };
        request.Headers.Add("X-CSRF-TOKEN", token.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.Created, (await browser.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task BearerTokenWritesNeedNoAntiforgeryHeader()
    {
        using var admin = await factory.AdminClientAsync(Roles.Admin);
        await AdminApi.CreateAccountAsync(admin, AdminApi.NewUserName(), TestAccounts.Password);
    }
}
