using PublicVote.Api.Features.Campaigns.Definition;

namespace PublicVote.Api.Features.Phases;

public sealed record PhaseChangeRequest(string? Reason);

public sealed record PhaseAdvanceRequest(string? Phase, string? Reason);

/// <param name="Override"><c>hold</c> while an organizer holds this phase; <c>advance</c> while an advance, not the dates, puts the campaign in it.</param>
public sealed record CurrentPhaseView(string Kind, string Name, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool ObjectionsOpen, string? Override);

/// <param name="ObjectionsUntil">For review and resultsNotice: when objections close (the phase's end unless set); else null.</param>
public sealed record PhaseScheduleView(string Kind, string Name, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset? ObjectionsUntil);

public sealed record PhaseOverrideView(string Mode, string Phase, DateTimeOffset? At);

/// <summary>An organizer's view of a campaign's phases: where it is, what overrides the dates, and the vote window that follows.</summary>
public sealed record PhaseControlView(
    long CampaignId, CurrentPhaseView? Phase, string? Next, PhaseOverrideView? Override,
    DateTimeOffset VoteStartsAt, DateTimeOffset VoteEndsAt, IReadOnlyList<PhaseScheduleView> Phases);

public static class PhaseViews
{
    public static CurrentPhaseView? Current(PhaseTimeline timeline, DateTimeOffset now)
    {
        var state = timeline.StateAt(now);
        if (timeline.Find(state.Current) is not { } phase)
        {
            return null;
        }
        // A hold shows from the moment it is placed (the phase will not end on its date); an advance while it decides.
        var by = timeline.Override is { Mode: PhaseOverrideMode.Hold } || state.Overridden ? ModeName(timeline.Override!) : null;
        return new CurrentPhaseView(PhaseNames.Of(phase.Kind), phase.Name, phase.StartsAt, phase.EndsAt,
            PhaseTimeline.ObjectionsOpen(phase, now), by);
    }

    public static IReadOnlyList<PhaseScheduleView> Schedule(PhaseTimeline timeline) =>
        timeline.Phases.Select(p => new PhaseScheduleView(PhaseNames.Of(p.Kind), p.Name, p.StartsAt, p.EndsAt,
            p.TakesObjections ? p.ObjectionsUntil ?? p.EndsAt : null)).ToArray();

    public static PhaseControlView Control(long campaignId, StoredPhases stored, DateTimeOffset now)
    {
        var timeline = stored.Timeline;
        var next = timeline.StateAt(now).Next;
        var by = timeline.Override is { } o ? new PhaseOverrideView(ModeName(o), PhaseNames.Of(o.Phase), timeline.OverrideAt) : null;
        return new PhaseControlView(campaignId, Current(timeline, now), next is { } n ? PhaseNames.Of(n) : null, by,
            stored.VoteWindow.StartsAt, stored.VoteWindow.EndsAt, Schedule(timeline));
    }

    private static string ModeName(PhaseOverride o) => o.Mode == PhaseOverrideMode.Hold ? "hold" : "advance";
}
