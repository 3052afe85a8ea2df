using PublicVote.Api.Features.Campaigns.Definition;

namespace PublicVote.Api.Features.Phases;

/// <summary>
/// <c>campaigns.vote_starts_at / vote_ends_at</c>, the only thing the vote hot path reads. <see cref="Never"/>
/// (PostgreSQL <c>infinity</c>) is an open end; an empty window (start = end) never opens.
/// </summary>
public readonly record struct VoteWindow(DateTimeOffset StartsAt, DateTimeOffset EndsAt)
{
    public static readonly DateTimeOffset Never = DateTimeOffset.MaxValue;

    public bool IsOpenAt(DateTimeOffset t) => StartsAt <= t && t < EndsAt;
}

/// <summary>
/// Moves the vote window with an override change so that, from the change on, the window is open exactly while
/// <see cref="PhaseClock"/> says the campaign is in its vote phase (docs/phases.md has the cases).
/// </summary>
public static class VoteWindows
{
    public static VoteWindow After(PhaseTimeline timeline, PhaseOverride? next, VoteWindow current, DateTimeOffset now)
    {
        if (timeline.Find(PhaseKind.Vote) is not { } vote)
        {
            return current; // no public vote: the window stays the empty one the import wrote
        }
        var windows = timeline.Windows();
        bool IsVote(DateTimeOffset t) => PhaseClock.At(windows, next, t).Current == PhaseKind.Vote;
        // With the override fixed the position only moves forward in time and is constant before, during and after
        // the vote's dates, so three probes give the whole interval in which the clock says "vote".
        var (before, during, after) = (IsVote(vote.StartsAt.AddTicks(-1)), IsVote(vote.StartsAt), IsVote(vote.EndsAt));
        if (before || during || after)
        {
            var start = before ? DateTimeOffset.MinValue : during ? vote.StartsAt : vote.EndsAt;
            var end = after ? VoteWindow.Never : during ? vote.EndsAt : vote.StartsAt;
            if (end > now)
            {
                // Open now and staying open: keep the start the public has seen.
                var from = start > now ? start : current.IsOpenAt(now) ? current.StartsAt : now;
                return new VoteWindow(from, end);
            }
        }
        if (current.IsOpenAt(now))
        {
            return new VoteWindow(current.StartsAt, now);
        }
        if (current.EndsAt <= now)
        {
            return current;
        }
        var state = PhaseClock.At(windows, next, now);
        var voteAhead = state.Current is { } c ? c < PhaseKind.Vote : state.Next is { } n && n <= PhaseKind.Vote;
        // Held before the vote: not started, for as long as the hold lasts. Otherwise the vote was skipped: closed.
        return voteAhead ? new VoteWindow(VoteWindow.Never, VoteWindow.Never) : new VoteWindow(now, now);
    }
}
