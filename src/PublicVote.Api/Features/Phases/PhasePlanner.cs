using PublicVote.Api.Features.Campaigns.Definition;

namespace PublicVote.Api.Features.Phases;

public enum PhaseAction
{
    Hold,
    Advance,
    Release,
}

/// <param name="Code">Stable: the <c>reason</c> of the phase-change-refused problem.</param>
public sealed record PhaseRefusal(string Code, string Message);

/// <summary>
/// What an organizer's hold, advance or release turns the campaign's override into, or why it is refused
/// (docs/phases.md). Pure: the caller stores the result and moves the vote window with <see cref="VoteWindows"/>.
/// </summary>
public static class PhasePlanner
{
    public static (PhaseOverride? Override, PhaseRefusal? Refusal) Plan(
        PhaseTimeline timeline, PhaseAction action, PhaseKind? target, DateTimeOffset now)
    {
        if (timeline.Phases.Count == 0)
        {
            return Refuse("no-phases", "This campaign has no phases to control.");
        }
        var state = timeline.StateAt(now);
        return action switch
        {
            PhaseAction.Hold => Hold(timeline, state),
            PhaseAction.Advance => Advance(timeline, state, target ?? throw new ArgumentNullException(nameof(target)), now),
            _ => timeline.Override is null
                ? Refuse("nothing-to-release", "The campaign follows its dates already; there is no hold or advance to release.")
                : (null, null),
        };
    }

    private static (PhaseOverride?, PhaseRefusal?) Hold(PhaseTimeline timeline, PhaseState state)
    {
        if (state.Current is not { } current)
        {
            return Refuse("no-current-phase", "The campaign is between phases (or before the first, or after the last): there is no phase to hold.");
        }
        return timeline.Override is { Mode: PhaseOverrideMode.Hold } held && held.Phase == current
            ? Refuse("already-held", "This phase is held already.")
            : (new PhaseOverride(PhaseOverrideMode.Hold, current), null);
    }

    private static (PhaseOverride?, PhaseRefusal?) Advance(PhaseTimeline timeline, PhaseState state, PhaseKind target, DateTimeOffset now)
    {
        var ahead = state.Current is { } current ? target > current : state.Next is { } next && target >= next;
        if (!ahead)
        {
            return Refuse("not-ahead", "A campaign only advances to a phase after the one it is in.");
        }
        // The dates alone, without any override: an advance where they have already arrived needs no override, and
        // one to a phase whose dates have passed (a hold kept the campaign behind) must pin it, or it would not hold.
        var dated = PhaseClock.At(timeline.Windows(), null, now);
        if (dated.Current == target)
        {
            return (null, null);
        }
        var datesBefore = dated.Current is { } d ? d < target : dated.Next is { } n && n <= target;
        return (new PhaseOverride(datesBefore ? PhaseOverrideMode.Advance : PhaseOverrideMode.Hold, target), null);
    }

    private static (PhaseOverride?, PhaseRefusal?) Refuse(string code, string message) => (null, new PhaseRefusal(code, message));
}
