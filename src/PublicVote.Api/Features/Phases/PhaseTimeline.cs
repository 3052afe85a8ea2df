using PublicVote.Api.Features.Campaigns.Definition;

namespace PublicVote.Api.Features.Phases;

/// <summary>A phase as stored: its dates and, for 初审公示 and 结果公示, when the public's objections close.</summary>
/// <param name="ObjectionsUntil">Null: objections until the phase ends, which a hold postpones.</param>
public sealed record PhaseEntry(PhaseKind Kind, string Name, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset? ObjectionsUntil)
{
    public bool TakesObjections => IsObjectionPhase(Kind);

    public static bool IsObjectionPhase(PhaseKind kind) => kind is PhaseKind.Review or PhaseKind.ResultsNotice;
}

/// <summary>
/// A campaign's phases in order with the organizer's override (<see cref="PhaseClock"/>): which phase the campaign
/// is in at any instant, and whether the public may file objections then. Empty for a campaign without phases.
/// </summary>
public sealed record PhaseTimeline(IReadOnlyList<PhaseEntry> Phases, PhaseOverride? Override, DateTimeOffset? OverrideAt)
{
    public static readonly PhaseTimeline Empty = new([], null, null);

    public IReadOnlyList<PhaseWindow> Windows() => Phases.Select(p => new PhaseWindow(p.Kind, p.StartsAt, p.EndsAt)).ToArray();

    public PhaseState StateAt(DateTimeOffset now) => PhaseClock.At(Windows(), Override, now);

    public PhaseEntry? Find(PhaseKind? kind) => Phases.FirstOrDefault(p => p.Kind == kind);

    public PhaseEntry? CurrentAt(DateTimeOffset now) => Find(StateAt(now).Current);

    /// <summary>Open while the current phase takes objections, until its <c>objectionsUntil</c> if it has one.</summary>
    public static bool ObjectionsOpen(PhaseEntry? current, DateTimeOffset now) =>
        current is { TakesObjections: true } && (current.ObjectionsUntil is not { } until || now < until);
}
