using PublicVote.Api.Features.Campaigns.Definition;

namespace PublicVote.Api.Features.Demo;

/// <summary>Moves a sample's phases so that its vote opened an hour ago and runs for 30 days, gaps kept.</summary>
public static class DemoSchedule
{
    public static CampaignDefinition OpenForVoting(CampaignDefinition sample, DateTimeOffset now)
    {
        var vote = sample.Phases.Single(p => p.Kind == PhaseKind.Vote);
        var shift = now.AddHours(-1) - vote.StartsAt;
        var longer = now.AddDays(30) - (vote.EndsAt + shift);
        var phases = sample.Phases.Select(p =>
        {
            var by = p.Kind > PhaseKind.Vote ? shift + longer : shift;
            return p with
            {
                StartsAt = p.StartsAt + by,
                EndsAt = p.Kind == PhaseKind.Vote ? now.AddDays(30) : p.EndsAt + by,
                ObjectionsUntil = p.ObjectionsUntil + by,
            };
        }).ToArray();
        return sample with { Phases = phases };
    }
}
