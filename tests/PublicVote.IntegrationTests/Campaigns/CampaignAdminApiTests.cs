using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Campaigns.Definition;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Campaigns;

/// <summary>Importing and exporting campaign definitions over the admin API.</summary>
public sealed class CampaignAdminApiTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Fact]
    public async Task AnAdminImportsASampleItsOrganizerExportsItBackAndTheImportIsAudited()
    {
        var sample = JsonNode.Parse(await SampleFiles.ReadAsync("jingmen-2019.json"))!;
        sample["slug"] = "jingmen-over-http";
        using var admin = await factory.AdminClientAsync(Roles.Admin);

        using var created = await admin.PostAsync("/api/admin/campaigns", Json(sample.ToJsonString()));
        var body = await ProblemAssert.IsStatusAsync<JsonElement>(created, HttpStatusCode.Created);
        var id = body.GetProperty("campaignId").GetInt64();

        using var organizer = await factory.AdminClientAsync(Roles.Organizer, id);
        var exported = await organizer.GetStringAsync($"/api/admin/campaigns/{id}/definition");
        Assert.Equal(CampaignDefinitionJson.Write(CampaignDefinitionJson.Read(sample.ToJsonString())), exported);

        await using var db = await factory.Db.OpenConnectionAsync();
        Assert.Equal(1, await db.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM audit_log WHERE action = 'campaign.import' AND campaign_id = @id", new { id }));
    }

    [Fact]
    public async Task ABrokenDefinitionIsRefusedWithEveryErrorAndItsPathAndNothingIsStored()
    {
        var sample = JsonNode.Parse(await SampleFiles.ReadAsync("jingmen-2019.json"))!;
        sample["slug"] = "Not A Slug";
        sample["unexpected"] = true;
        using var admin = await factory.AdminClientAsync(Roles.Admin);

        var problem = await ProblemAssert.IsProblemAsync(
            await admin.PostAsync("/api/admin/campaigns", Json(sample.ToJsonString())), HttpStatusCode.BadRequest,
            "invalid-campaign-definition");
        var paths = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToArray();
        Assert.Contains("$.slug", paths);
        Assert.Contains(paths, p => p!.Contains("unexpected", StringComparison.Ordinal));

        await ProblemAssert.IsProblemAsync(await admin.PostAsync("/api/admin/campaigns", Json("{not json")),
            HttpStatusCode.BadRequest, "invalid-campaign-definition");
    }

    [Fact]
    public async Task AnOrganizerCannotImportCampaigns()
    {
        var campaign = await factory.CreateCampaignAsync();
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);
        await ProblemAssert.IsProblemAsync(await organizer.PostAsync("/api/admin/campaigns", Json("{}")),
            HttpStatusCode.Forbidden, "admin-role-required");
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
