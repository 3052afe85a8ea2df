using PublicVote.Api.Features.Campaigns.Definition;
using PublicVote.Api.Features.Phases;
using static PublicVote.UnitTests.Phases.Jingmen;

namespace PublicVote.UnitTests.Phases;

public sealed class PhasePlannerTests
{
    private static readonly PhaseOverride HoldReview = new(PhaseOverrideMode.Hold, PhaseKind.Review);

    [Fact]
    public void HoldPinsTheCurrentPhase()
    {
        var (next, refusal) = PhasePlanner.Plan(Timeline(), PhaseAction.Hold, null, At(7, 15));

        Assert.Null(refusal);
        Assert.Equal(HoldReview, next);
        Assert.Equal(PhaseKind.Review, Timeline(next).StateAt(At(8, 5)).Current);
    }

    [Fact]
    public void HoldIsRefusedBetweenPhasesAndWhenAlreadyHeld()
    {
        Assert.Equal("no-current-phase", PhasePlanner.Plan(Timeline(), PhaseAction.Hold, null, At(8, 19)).Refusal?.Code);
        Assert.Equal("already-held", PhasePlanner.Plan(Timeline(HoldReview), PhaseAction.Hold, null, At(8, 1)).Refusal?.Code);
    }

    [Fact]
    public void HoldAfterAnAdvanceKeepsTheAdvancedPhase()
    {
        var advanced = Timeline(new PhaseOverride(PhaseOverrideMode.Advance, PhaseKind.Vote));

        var (next, _) = PhasePlanner.Plan(advanced, PhaseAction.Hold, null, At(7, 15));

        Assert.Equal(new PhaseOverride(PhaseOverrideMode.Hold, PhaseKind.Vote), next);
        Assert.Equal(PhaseKind.Vote, Timeline(next).StateAt(At(7, 15)).Current);
    }

    [Fact]
    public void AdvanceBeforeTheDatesIsAnAdvance()
    {
        var (next, refusal) = PhasePlanner.Plan(Timeline(), PhaseAction.Advance, PhaseKind.Vote, At(7, 15));

        Assert.Null(refusal);
        Assert.Equal(new PhaseOverride(PhaseOverrideMode.Advance, PhaseKind.Vote), next);
    }

    [Fact]
    public void AdvanceOutOfAGapTakesTheNextPhase()
    {
        var (next, refusal) = PhasePlanner.Plan(Timeline(), PhaseAction.Advance, PhaseKind.ResultsNotice, At(8, 19));

        Assert.Null(refusal);
        Assert.Equal(PhaseKind.ResultsNotice, Timeline(next).StateAt(At(8, 19)).Current);
    }

    [Fact]
    public void AdvanceToWhereTheDatesAreDropsTheHold()
    {
        var (next, refusal) = PhasePlanner.Plan(Timeline(HoldReview), PhaseAction.Advance, PhaseKind.Vote, At(8, 1));

        Assert.Null(refusal);
        Assert.Null(next);
    }

    [Fact]
    public void AdvanceToAPhaseWhoseDatesHavePassedPinsIt()
    {
        // Held in the review until after the vote's dates: only a hold keeps the campaign in the vote now.
        var (next, _) = PhasePlanner.Plan(Timeline(HoldReview), PhaseAction.Advance, PhaseKind.Vote, At(8, 15));

        Assert.Equal(new PhaseOverride(PhaseOverrideMode.Hold, PhaseKind.Vote), next);
        Assert.Equal(PhaseKind.Vote, Timeline(next).StateAt(At(8, 15)).Current);
    }

    [Theory]
    [InlineData(PhaseKind.Review)]
    [InlineData(PhaseKind.Nomination)]
    public void AdvanceOnlyGoesForward(PhaseKind target)
    {
        Assert.Equal("not-ahead", PhasePlanner.Plan(Timeline(), PhaseAction.Advance, target, At(7, 15)).Refusal?.Code);
    }

    [Fact]
    public void AdvanceAfterTheLastPhaseIsRefused()
    {
        Assert.Equal("not-ahead", PhasePlanner.Plan(Timeline(), PhaseAction.Advance, PhaseKind.Publication, At(9, 5)).Refusal?.Code);
    }

    [Fact]
    public void ReleaseReturnsToTheDatesAndNeedsSomethingToRelease()
    {
        Assert.Equal((null, null), PhasePlanner.Plan(Timeline(HoldReview), PhaseAction.Release, null, At(8, 1)));
        Assert.Equal("nothing-to-release", PhasePlanner.Plan(Timeline(), PhaseAction.Release, null, At(8, 1)).Refusal?.Code);
    }

    [Fact]
    public void ACampaignWithoutPhasesRefusesEveryChange()
    {
        foreach (var action in Enum.GetValues<PhaseAction>())
        {
            Assert.Equal("no-phases", PhasePlanner.Plan(PhaseTimeline.Empty, action, PhaseKind.Vote, At(8, 1)).Refusal?.Code);
        }
    }
}
