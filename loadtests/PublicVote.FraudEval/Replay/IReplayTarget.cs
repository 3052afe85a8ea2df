using PublicVote.Api.Features.AntiFraud.Detection;
using PublicVote.FraudEval.Simulation;

namespace PublicVote.FraudEval.Replay;

/// <summary>
/// The system under evaluation, as the replay sees it: it takes votes, lets virtual time pass, and says what it
/// found and which votes it now holds pending. <see cref="InProcessReplayTarget"/> feeds the real detectors directly;
/// <see cref="ServiceReplayTarget"/> casts the votes through the API on Redis and PostgreSQL and reads cases and vote
/// statuses back.
/// </summary>
internal interface IReplayTarget : IAsyncDisposable
{
    /// <summary>One line for the report: what was replayed through.</summary>
    string Description { get; }

    /// <summary>Where the replay's time went (per detector in process; per part of the product through the service).</summary>
    IReadOnlyDictionary<string, TimeSpan> DetectorTime { get; }

    /// <summary>Creates the campaign and its candidates before the first vote.</summary>
    Task PrepareAsync(ReplayCampaign campaign, CancellationToken cancellationToken);

    /// <summary>Casts the votes (in log order, none before the current virtual time); the receipt of each, or null if refused.</summary>
    Task<IReadOnlyList<string?>> SubmitAsync(IReadOnlyList<SimVote> votes, CancellationToken cancellationToken);

    /// <summary>Moves the virtual clock to <paramref name="now"/> and runs what the host runs by then (detectors, case updates).</summary>
    Task AdvanceAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Findings reported and receipts newly held pending since the last call.</summary>
    Task<ReplayObservation> CollectAsync(CancellationToken cancellationToken);
}

internal sealed record ReplayCampaign(long CampaignId, DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<long> CandidateIds, IReadOnlyList<int> OrganisationOf);

internal sealed record ReplayObservation(IReadOnlyList<Finding> Findings, IReadOnlyList<string> NewlyHeld);
