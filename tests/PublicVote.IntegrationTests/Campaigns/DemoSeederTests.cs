using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.Api.Features.Campaigns.Definition;
using PublicVote.Api.Features.Demo;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Campaigns;

public sealed class DemoSeederTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Fact]
    public async Task TheDemoIsTheJingmenSampleOpenForVotingNowWithItsCandidates()
    {
        var seeder = ActivatorUtilities.CreateInstance<DemoSeeder>(factory.Services);
        var id = await seeder.SeedAsync();

        Assert.Equal(id, await seeder.SeedAsync());
        var campaign = await ProblemAssert.IsOkAsync<JsonElement>(await factory.CreateClient().GetAsync($"/api/v1/campaigns/{id}"));
        Assert.Equal("open", campaign.GetProperty("votingState").GetString());
        Assert.Equal(factory.Clock.GetUtcNow().AddDays(30), campaign.GetProperty("voteEndsAt").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
        var candidates = await ProblemAssert.IsOkAsync<JsonElement>(await factory.CreateClient().GetAsync($"/api/v1/campaigns/{id}/candidates?pageSize=100"));
        Assert.Equal(24, candidates.GetProperty("total").GetInt32());

        var definition = await factory.Services.GetRequiredService<CampaignDefinitionService>().ExportAsync(id);
        var phases = definition!.Phases.Select(p => new PhaseWindow(p.Kind, p.StartsAt, p.EndsAt)).ToArray();
        Assert.Equal(PhaseKind.Vote, PhaseClock.At(phases, null, factory.Clock.GetUtcNow()).Current);
        Assert.Equal(4, definition.Districts.Count);
    }
}
