using PublicVote.Api.Features.Campaigns.Definition;

namespace PublicVote.UnitTests.Campaigns;

public sealed class PhaseClockTests
{
    // Jingmen 2019 in UTC+8: review 07-10..07-27, vote 07-27..08-10, a gap, then publication 08-28..09-01.
    private static readonly PhaseWindow[] Phases =
    [
        new(PhaseKind.Vote, At(7, 27), At(8, 10)),
        new(PhaseKind.Review, At(7, 10), At(7, 27)),
        new(PhaseKind.Publication, At(8, 28), At(9, 1)),
    ];

    [Theory]
    [InlineData(7, 1, null, PhaseKind.Review)]
    [InlineData(7, 10, PhaseKind.Review, PhaseKind.Vote)]
    [InlineData(7, 26, PhaseKind.Review, PhaseKind.Vote)]
    [InlineData(7, 27, PhaseKind.Vote, PhaseKind.Publication)]
    [InlineData(8, 15, null, PhaseKind.Publication)]
    [InlineData(8, 31, PhaseKind.Publication, null)]
    [InlineData(9, 1, null, null)]
    public void DatesDecideThePhaseWithoutOverride(int month, int day, PhaseKind? current, PhaseKind? next)
    {
        var state = PhaseClock.At(Phases, null, At(month, day));

        Assert.Equal(new PhaseState(current, next, false), state);
    }

    [Fact]
    public void AHoldKeepsThePhaseAfterItsDatesHavePassed()
    {
        var hold = new PhaseOverride(PhaseOverrideMode.Hold, PhaseKind.Review);

        Assert.Equal(new PhaseState(PhaseKind.Review, PhaseKind.Vote, true), PhaseClock.At(Phases, hold, At(8, 1)));
        Assert.Equal(new PhaseState(PhaseKind.Review, PhaseKind.Vote, true), PhaseClock.At(Phases, hold, At(9, 30)));
    }

    [Fact]
    public void AHoldPinsItsPhaseBeforeItsDatesToo()
    {
        // An organizer advanced to the vote early, then held it: the hold must not drop back to the review.
        var hold = new PhaseOverride(PhaseOverrideMode.Hold, PhaseKind.Vote);

        Assert.Equal(new PhaseState(PhaseKind.Vote, PhaseKind.Publication, true), PhaseClock.At(Phases, hold, At(7, 15)));
        Assert.Equal(new PhaseState(PhaseKind.Vote, PhaseKind.Publication, false), PhaseClock.At(Phases, hold, At(8, 1)));
        Assert.Equal(new PhaseState(PhaseKind.Vote, PhaseKind.Publication, true), PhaseClock.At(Phases, hold, At(8, 29)));
    }

    [Fact]
    public void AnAdvanceStartsAPhaseEarlyAndEndsWhenTheDatesOvertakeIt()
    {
        var advance = new PhaseOverride(PhaseOverrideMode.Advance, PhaseKind.Vote);

        Assert.Equal(new PhaseState(PhaseKind.Vote, PhaseKind.Publication, true), PhaseClock.At(Phases, advance, At(7, 20)));
        Assert.Equal(new PhaseState(PhaseKind.Vote, PhaseKind.Publication, false), PhaseClock.At(Phases, advance, At(8, 1)));
        Assert.Equal(new PhaseState(PhaseKind.Publication, null, false), PhaseClock.At(Phases, advance, At(8, 29)));
    }

    [Fact]
    public void AnAdvanceOutOfAGapSkipsTheWait()
    {
        var advance = new PhaseOverride(PhaseOverrideMode.Advance, PhaseKind.Publication);

        Assert.Equal(new PhaseState(PhaseKind.Publication, null, true), PhaseClock.At(Phases, advance, At(8, 15)));
    }

    [Fact]
    public void AnOverrideOfAPhaseTheCampaignDoesNotHaveIsIgnored()
    {
        var advance = new PhaseOverride(PhaseOverrideMode.Advance, PhaseKind.ExpertReview);

        Assert.Equal(new PhaseState(null, PhaseKind.Publication, false), PhaseClock.At(Phases, advance, At(8, 15)));
    }

    [Fact]
    public void PhaseEndsAreExclusive()
    {
        var lastTick = At(7, 27).AddTicks(-1);

        Assert.Equal(PhaseKind.Review, PhaseClock.At(Phases, null, lastTick).Current);
        Assert.Equal(PhaseKind.Vote, PhaseClock.At(Phases, null, At(7, 27)).Current);
    }

    private static DateTimeOffset At(int month, int day) => new(2019, month, day, 0, 0, 0, TimeSpan.FromHours(8));
}
