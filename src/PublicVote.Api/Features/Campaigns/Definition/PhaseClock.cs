namespace PublicVote.Api.Features.Campaigns.Definition;

public enum PhaseOverrideMode
{
    /// <summary>Stay in the phase whatever the dates say, until the organizer lifts the hold.</summary>
    Hold,
    /// <summary>Be in the phase already although its dates have not come.</summary>
    Advance,
}

public sealed record PhaseOverride(PhaseOverrideMode Mode, PhaseKind Phase);

public sealed record PhaseWindow(PhaseKind Kind, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <param name="Current">The phase the campaign is in; null before the first, between two, or after the last.</param>
/// <param name="Next">The phase that comes after now (or after <paramref name="Current"/>), if any.</param>
/// <param name="Overridden">Whether an organizer's hold or advance, not the dates, decided <paramref name="Current"/>.</param>
public sealed record PhaseState(PhaseKind? Current, PhaseKind? Next, bool Overridden);

/// <summary>
/// The current phase from the phase dates, an organizer's override and now. Positions on the time line are
/// 2i + 1 inside phase i and 2i in the gap before it (2n after the last): a hold pins the position at its phase,
/// an advance raises it to its phase, so a hold ends when the organizer lifts it and an advance when the dates
/// catch up with it. A hold pins rather than caps because an organizer holds the phase the campaign is in, which
/// may be one an advance reached before its dates (docs/phases.md).
/// </summary>
public static class PhaseClock
{
    public static PhaseState At(IReadOnlyList<PhaseWindow> phases, PhaseOverride? phaseOverride, DateTimeOffset now)
    {
        var ordered = phases.OrderBy(p => p.Kind).ToArray();
        var dated = DatedPosition(ordered, now);
        var position = dated;
        var target = phaseOverride is null ? -1 : Array.FindIndex(ordered, p => p.Kind == phaseOverride.Phase);
        if (target >= 0)
        {
            position = phaseOverride!.Mode == PhaseOverrideMode.Hold
                ? (2 * target) + 1
                : Math.Max(dated, (2 * target) + 1);
        }
        var current = position % 2 == 1 ? ordered[position / 2].Kind : (PhaseKind?)null;
        var nextIndex = (position / 2) + (position % 2);
        var next = nextIndex < ordered.Length ? ordered[nextIndex].Kind : (PhaseKind?)null;
        return new PhaseState(current, next, position != dated);
    }

    private static int DatedPosition(PhaseWindow[] ordered, DateTimeOffset now)
    {
        for (var i = 0; i < ordered.Length; i++)
        {
            if (now < ordered[i].StartsAt)
            {
                return 2 * i;
            }
            if (now < ordered[i].EndsAt)
            {
                return (2 * i) + 1;
            }
        }
        return 2 * ordered.Length;
    }
}
