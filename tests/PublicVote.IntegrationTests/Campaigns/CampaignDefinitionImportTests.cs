using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.Api.Features.Campaigns;
using PublicVote.Api.Features.Campaigns.Definition;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Campaigns;

public sealed class CampaignDefinitionImportTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    private CampaignDefinitionService Definitions => factory.Services.GetRequiredService<CampaignDefinitionService>();

    public static TheoryData<string> Samples => new(Directory.GetFiles(SampleFiles.Folder, "*.json")
        .Select(f => Path.GetFileName(f))
        .Where(n => !n.Contains("demo-candidates", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task EverySampleImportsAndExportsBackToAnEqualDefinition(string name)
    {
        var original = CampaignDefinitionJson.Read(await SampleFiles.ReadAsync(name));
        // A slug of its own, so the samples can be imported again by other tests of this class.
        var definition = original with { Slug = original.Slug + "-rt" };

        var id = await Definitions.ImportAsync(definition);
        var exported = await Definitions.ExportAsync(id);

        Assert.NotNull(exported);
        Assert.Equal(CampaignDefinitionJson.Write(definition), CampaignDefinitionJson.Write(exported));
    }

    [Fact]
    public async Task TheVoteWindowThatTheHotPathReadsIsTheVotePhase()
    {
        var jingmen = CampaignDefinitionJson.Read(await SampleFiles.ReadAsync("jingmen-2019.json"));
        var id = await Definitions.ImportAsync(jingmen with { Slug = "jingmen-window" });

        var rules = await factory.Services.GetRequiredService<CampaignRepository>().LoadRulesAsync(id);

        var vote = jingmen.Phases.Single(p => p.Kind == PhaseKind.Vote);
        Assert.Equal((vote.StartsAt, vote.EndsAt), (rules!.VoteStartsAt, rules.VoteEndsAt));
        Assert.Equal((5, 1, true), (rules.DailyVoteLimit, rules.PerCandidateDailyLimit, rules.ShowLiveCounts));
        Assert.Equal(["window", "star"], rules.Categories.Select(c => c.Code));
        Assert.Equal(VotingWindowState.Open, rules.WindowAt(vote.StartsAt));
        Assert.Equal(VotingWindowState.Closed, rules.WindowAt(vote.EndsAt));
    }

    [Fact]
    public async Task ACampaignWithoutAPublicVoteIsNeverOpenForVotes()
    {
        var houqin = CampaignDefinitionJson.Read(await SampleFiles.ReadAsync("houqin-2010-rubric.json"));
        var id = await Definitions.ImportAsync(houqin with { Slug = "houqin-no-vote" });

        var rules = await factory.Services.GetRequiredService<CampaignRepository>().LoadRulesAsync(id);

        Assert.All(houqin.Phases.SelectMany(p => new[] { p.StartsAt, p.EndsAt.AddTicks(-1) }),
            at => Assert.NotEqual(VotingWindowState.Open, rules!.WindowAt(at)));
    }

    [Fact]
    public async Task ATakenSlugIsRefusedAndNothingIsAddedTwice()
    {
        var text = await SampleFiles.ReadAsync("tengzhou-2017.json");
        await Definitions.ImportAsync(text);

        var ex = await Assert.ThrowsAsync<InvalidDefinitionException>(() => Definitions.ImportAsync(text));

        Assert.Equal("$.slug: a campaign with slug 'tengzhou-2017' already exists", Assert.Single(ex.Errors).ToString());
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM campaigns WHERE slug = 'tengzhou-2017'"));
    }

    [Fact]
    public async Task AnImportThatFailsHalfwayLeavesNothingBehind()
    {
        var jingmen = CampaignDefinitionJson.Read(await SampleFiles.ReadAsync("jingmen-2019.json"));
        // Passes the semantic rules (the schema would refuse it) but breaks a database check after the campaign,
        // its phases and categories are written.
        var star = jingmen.Categories[1] with { FormFields = [new FormField { Key = "Bad Key", Label = "x", Type = "text", Required = true }] };
        var broken = jingmen with { Slug = "jingmen-half", Categories = [jingmen.Categories[0], star] };
        var before = await CountAsync("SELECT count(*) FROM categories");

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Definitions.ImportAsync(broken));

        Assert.Equal(0, await CountAsync("SELECT count(*) FROM campaigns WHERE slug = 'jingmen-half'"));
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM categories"));
    }

    [Fact]
    public async Task ExportingAnUnknownCampaignGivesNothing()
    {
        Assert.Null(await Definitions.ExportAsync(long.MaxValue));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await factory.Db.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
