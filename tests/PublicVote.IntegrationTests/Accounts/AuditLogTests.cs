using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using PublicVote.Api.Features.Accounts;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Accounts;

public sealed class AuditLogTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Fact]
    public async Task EveryAccountWriteIsAuditedWithBeforeAndAfterAndNeverAPassword()
    {
        var campaign = await factory.CreateCampaignAsync();
        var adminAccount = await factory.Accounts.CreateAsync((Roles.Admin, null));
        using var admin = factory.Accounts.BearerClient(await factory.Accounts.TokenAsync(adminAccount.Id));
        var id = await AdminApi.CreateAccountAsync(admin, AdminApi.NewUserName(), "first-password-of-this-one");
        var grant = await admin.PostAsJsonAsync($"/api/admin/accounts/{id}/grants", new { role = "organizer", campaignId = campaign.Id });
        var grantId = (await grant.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await admin.PostAsync($"/api/admin/accounts/{id}/disable", null);
        await admin.PostAsync($"/api/admin/accounts/{id}/enable", null);
        await admin.PostAsJsonAsync($"/api/admin/accounts/{id}/password", new { password = "second-password-of-this-one" });
        await admin.DeleteAsync($"/api/admin/accounts/{id}/grants/{grantId}");
        // A refused write leaves no entry.
        await admin.PostAsync("/api/admin/accounts/987654/disable", null);

        var page = await ProblemAssert.IsOkAsync<JsonElement>(await admin.GetAsync($"/api/admin/audit?actor={adminAccount.UserName}"));
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["grant.revoke", "account.password-reset", "account.enable", "account.disable", "grant.create", "account.create"],
            items.Select(i => i.GetProperty("action").GetString()));
        Assert.All(items, i => Assert.Equal(adminAccount.Id, i.GetProperty("actorId").GetInt64()));
        Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i.GetProperty("traceId").GetString())));
        var disable = items[3];
        Assert.Equal("active", disable.GetProperty("before").GetProperty("status").GetString());
        Assert.Equal("disabled", disable.GetProperty("after").GetProperty("status").GetString());
        Assert.Equal(campaign.Id, items[4].GetProperty("campaignId").GetInt64());
        Assert.Equal(JsonValueKind.Null, items[5].GetProperty("before").ValueKind);
        Assert.Equal(JsonValueKind.Null, items[0].GetProperty("after").ValueKind);

        await using var db = await factory.Db.OpenConnectionAsync();
        var stored = string.Join("\n", await db.QueryAsync<string>("SELECT coalesce(before::text, '') || coalesce(after::text, '') FROM audit_log"));
        Assert.DoesNotContain("password-of-this-one", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("AQAAAA", stored, StringComparison.Ordinal); // the PasswordHasher v3 prefix
        Assert.DoesNotContain("hash", stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("stamp", stored, StringComparison.OrdinalIgnoreCase);

        var paged = await ProblemAssert.IsOkAsync<JsonElement>(await admin.GetAsync($"/api/admin/audit?actor={adminAccount.UserName}&page=2&pageSize=4"));
        Assert.Equal(6, paged.GetProperty("total").GetInt64());
        Assert.Equal(["grant.create", "account.create"], paged.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("action").GetString()));
        var byAction = await ProblemAssert.IsOkAsync<JsonElement>(await admin.GetAsync("/api/admin/audit?action=account.disable&pageSize=200"));
        Assert.All(byAction.GetProperty("items").EnumerateArray(), i => Assert.Equal("account.disable", i.GetProperty("action").GetString()));
        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/admin/audit?pageSize=1000"), HttpStatusCode.BadRequest, "validation-failed");
    }

    [Fact]
    public async Task OrganizersReadTheAuditOfTheirOwnCampaignsOnly()
    {
        var campaign = await factory.CreateCampaignAsync();
        var other = await factory.CreateCampaignAsync();
        using var admin = await factory.AdminClientAsync(Roles.Admin);
        var id = await AdminApi.CreateAccountAsync(admin, AdminApi.NewUserName(), TestAccounts.Password);
        await admin.PostAsJsonAsync($"/api/admin/accounts/{id}/grants", new { role = "reviewer", campaignId = campaign.Id });
        await admin.PostAsJsonAsync($"/api/admin/accounts/{id}/grants", new { role = "reviewer", campaignId = other.Id });

        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);
        var page = await ProblemAssert.IsOkAsync<JsonElement>(await organizer.GetAsync($"/api/admin/audit?campaignId={campaign.Id}"));
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(campaign.Id, item.GetProperty("campaignId").GetInt64());
        await ProblemAssert.IsProblemAsync(await organizer.GetAsync($"/api/admin/audit?campaignId={other.Id}"), HttpStatusCode.Forbidden, "admin-role-required");
        await ProblemAssert.IsProblemAsync(await organizer.GetAsync("/api/admin/audit"), HttpStatusCode.Forbidden, "admin-role-required");
    }

    [Theory]
    [InlineData("UPDATE audit_log SET action = 'nothing'")]
    [InlineData("DELETE FROM audit_log")]
    [InlineData("TRUNCATE audit_log")]
    public async Task TheAuditLogCannotBeChangedOrEmptied(string sql)
    {
        using var admin = await factory.AdminClientAsync(Roles.Admin);
        await AdminApi.CreateAccountAsync(admin, AdminApi.NewUserName(), TestAccounts.Password);
        await using var db = await factory.Db.OpenConnectionAsync();
        var before = await db.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log");
        Assert.True(before > 0);
        var error = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync(sql));
        Assert.Equal("42501", error.SqlState);
        Assert.Equal(before, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log"));
    }
}
