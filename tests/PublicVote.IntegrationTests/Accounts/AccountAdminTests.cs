using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PublicVote.Api.Features.Accounts;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Accounts;

public sealed class AccountAdminTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Theory]
    [InlineData("short-pw")]
    [InlineData("Same-As-User-Name ")]
    [InlineData("SAME-AS-USER-NAME")]
    public async Task WeakPasswordsAreRefused(string password)
    {
        using var admin = await factory.AdminClientAsync(Roles.Admin);
        var response = await admin.PostAsJsonAsync("/api/admin/accounts", new { userName = "same-as-user-name", password });
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "weak-password");
        Assert.DoesNotContain(password.Trim(), problem.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UserNamesAreUniqueRegardlessOfCaseAndMustBeWellFormed()
    {
        using var admin = await factory.AdminClientAsync(Roles.Admin);
        var userName = AdminApi.NewUserName();
        await AdminApi.CreateAccountAsync(admin, userName, TestAccounts.Password);
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync("/api/admin/accounts", new { userName = userName.ToUpperInvariant(), password = TestAccounts.Password }),
            HttpStatusCode.Conflict, "user-name-taken");
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync("/api/admin/accounts", new { userName = "有 空格", password = TestAccounts.Password }),
            HttpStatusCode.BadRequest, "validation-failed");
    }

    [Fact]
    public async Task GrantsAreValidatedAndListedAndRevoked()
    {
        var campaign = await factory.CreateCampaignAsync();
        using var admin = await factory.AdminClientAsync(Roles.Admin);
        var id = await AdminApi.CreateAccountAsync(admin, AdminApi.NewUserName(), TestAccounts.Password);
        var grants = $"/api/admin/accounts/{id}/grants";
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync(grants, new { role = "organizer" }), HttpStatusCode.BadRequest, "validation-failed");
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync(grants, new { role = "admin", campaignId = campaign.Id }), HttpStatusCode.BadRequest, "validation-failed");
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync(grants, new { role = "boss", campaignId = campaign.Id }), HttpStatusCode.BadRequest, "validation-failed");
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync(grants, new { role = "organizer", campaignId = campaign.Id, categories = new[] { "window" } }),
            HttpStatusCode.BadRequest, "validation-failed");
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync(grants, new { role = "organizer", campaignId = 987654 }), HttpStatusCode.NotFound, "campaign-not-found");
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync("/api/admin/accounts/987654/grants", new { role = "organizer", campaignId = campaign.Id }),
            HttpStatusCode.NotFound, "account-not-found");

        var judge = await admin.PostAsJsonAsync(grants, new { role = "judge", campaignId = campaign.Id, categories = new[] { "window", "star" } });
        Assert.Equal(HttpStatusCode.Created, judge.StatusCode);
        var grantId = (await judge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync(grants, new { role = "judge", campaignId = campaign.Id }), HttpStatusCode.Conflict, "grant-exists");

        var account = await ProblemAssert.IsOkAsync<JsonElement>(await admin.GetAsync($"/api/admin/accounts/{id}"));
        var grant = Assert.Single(account.GetProperty("grants").EnumerateArray());
        Assert.Equal(["window", "star"], grant.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        var all = await ProblemAssert.IsOkAsync<JsonElement>(await admin.GetAsync("/api/admin/accounts"));
        Assert.Contains(all.EnumerateArray(), a => a.GetProperty("id").GetInt64() == id);
        Assert.DoesNotContain("hash", all.ToString(), StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{grants}/{grantId}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await admin.DeleteAsync($"{grants}/{grantId}"), HttpStatusCode.NotFound, "grant-not-found");
    }
}
