using PublicVote.Api.Features.Campaigns.Definition;
using PublicVote.Api.Features.Phases;
using static PublicVote.UnitTests.Phases.Jingmen;

namespace PublicVote.UnitTests.Phases;

public sealed class VoteWindowsTests
{
    private static readonly VoteWindow HeldBack = new(VoteWindow.Never, VoteWindow.Never);

    [Fact]
    public void AdvancingIntoTheVoteOpensItNowUntilItsEnd()
    {
        var now = At(7, 20, 9);
        var window = VoteWindows.After(Timeline(), new(PhaseOverrideMode.Advance, PhaseKind.Vote), DatedVote, now);

        Assert.Equal(new VoteWindow(now, DatedVote.EndsAt), window);
    }

    [Fact]
    public void HoldingTheReviewKeepsTheVoteFromOpeningUntilReleased()
    {
        var hold = new PhaseOverride(PhaseOverrideMode.Hold, PhaseKind.Review);
        var held = VoteWindows.After(Timeline(), hold, DatedVote, At(7, 20));
        Assert.Equal(HeldBack, held);

        var released = VoteWindows.After(Timeline(hold), null, held, At(7, 29));
        Assert.Equal(new VoteWindow(At(7, 29), DatedVote.EndsAt), released);
    }

    [Fact]
    public void HoldingTheVoteKeepsItOpenWithoutEndAndKeepsItsStart()
    {
        var window = VoteWindows.After(Timeline(), new(PhaseOverrideMode.Hold, PhaseKind.Vote), DatedVote, At(8, 5));

        Assert.Equal(new VoteWindow(DatedVote.StartsAt, VoteWindow.Never), window);
    }

    [Fact]
    public void ReleasingAHeldVoteAfterItsDatesClosesItNow()
    {
        var hold = new PhaseOverride(PhaseOverrideMode.Hold, PhaseKind.Vote);
        var window = VoteWindows.After(Timeline(hold), null, new(DatedVote.StartsAt, VoteWindow.Never), At(8, 15));

        Assert.Equal(new VoteWindow(DatedVote.StartsAt, At(8, 15)), window);
    }

    [Fact]
    public void AdvancingPastTheVoteClosesItNow()
    {
        var window = VoteWindows.After(Timeline(), new(PhaseOverrideMode.Advance, PhaseKind.ExpertReview), DatedVote, At(8, 1));

        Assert.Equal(new VoteWindow(DatedVote.StartsAt, At(8, 1)), window);
    }

    [Fact]
    public void SkippingTheVoteBeforeItOpenedLeavesAnEmptyClosedWindow()
    {
        var window = VoteWindows.After(Timeline(), new(PhaseOverrideMode.Advance, PhaseKind.ExpertReview), DatedVote, At(7, 15));

        Assert.Equal(new VoteWindow(At(7, 15), At(7, 15)), window);
    }

    [Fact]
    public void ACampaignWithoutAVoteKeepsItsWindow()
    {
        var noVote = new PhaseTimeline(Jingmen.Phases.Where(p => p.Kind != PhaseKind.Vote).ToArray(), null, null);
        var empty = new VoteWindow(At(4, 9).AddSeconds(-1), At(4, 9));

        Assert.Equal(empty, VoteWindows.After(noVote, new(PhaseOverrideMode.Advance, PhaseKind.Publication), empty, At(7, 1)));
    }

    /// <summary>
    /// The contract: after any change, from then on the window is open exactly when the phase clock says "vote".
    /// Random overrides, change times and probe times over the whole campaign, from a random previous window.
    /// </summary>
    [Fact]
    public void FromTheChangeOnTheWindowIsOpenExactlyWhenTheClockSaysVote()
    {
        var random = new Random(20190727);
        var start = At(4, 1).ToUnixTimeSeconds();
        var span = At(9, 10).ToUnixTimeSeconds() - start;
        DateTimeOffset Any() => DateTimeOffset.FromUnixTimeSeconds(start + random.NextInt64(span));
        VoteWindow[] previous = [DatedVote, HeldBack, new(At(7, 20), DatedVote.EndsAt), new(DatedVote.StartsAt, VoteWindow.Never), new(At(7, 5), At(7, 5))];
        for (var i = 0; i < 2000; i++)
        {
            PhaseOverride? next = random.Next(3) == 0 ? null
                : new((PhaseOverrideMode)random.Next(2), (PhaseKind)random.Next(6));
            var now = Any();
            var window = VoteWindows.After(Timeline(), next, previous[random.Next(previous.Length)], now);
            Assert.True(window.EndsAt >= window.StartsAt, $"case {i}: {window} is not a window");
            var windows = Timeline().Windows();
            foreach (var t in Enumerable.Range(0, 20).Select(_ => Any()).Where(t => t >= now).Append(now))
            {
                var isVote = PhaseClock.At(windows, next, t).Current == PhaseKind.Vote;
                Assert.True(isVote == window.IsOpenAt(t), $"case {i}: override {next} at {now:O}, window {window}, probe {t:O}: clock says vote={isVote}");
            }
        }
    }
}
