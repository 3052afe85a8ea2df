using PublicVote.Api.Features.Campaigns.Definition;
using PublicVote.Api.Features.Phases;

namespace PublicVote.UnitTests.Phases;

/// <summary>Jingmen 2019's phases in UTC+8, with a gap between the expert review and the results notice for the gap cases.</summary>
internal static class Jingmen
{
    public static readonly PhaseEntry[] Phases =
    [
        new(PhaseKind.Nomination, "申报推荐", At(4, 9), At(7, 10), null),
        new(PhaseKind.Review, "初审公示", At(7, 10), At(7, 27), At(7, 20)),
        new(PhaseKind.Vote, "评选投票", At(7, 27), At(8, 10), null),
        new(PhaseKind.ExpertReview, "专家评审", At(8, 10), At(8, 18), null),
        new(PhaseKind.ResultsNotice, "结果公示", At(8, 21), At(8, 28), null),
        new(PhaseKind.Publication, "命名表彰", At(8, 28), At(9, 1), null),
    ];

    /// <summary>The vote window the import writes: the vote phase's dates.</summary>
    public static readonly VoteWindow DatedVote = new(At(7, 27), At(8, 10));

    public static PhaseTimeline Timeline(PhaseOverride? phaseOverride = null) => new(Phases, phaseOverride, null);

    public static DateTimeOffset At(int month, int day, int hour = 0) => new(2019, month, day, hour, 0, 0, TimeSpan.FromHours(8));
}
