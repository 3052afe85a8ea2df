using PublicVote.FraudEval.Simulation;

namespace PublicVote.FraudEval.Scoring;

/// <summary>How one attack episode fared.</summary>
/// <param name="TargetVotes">The attack's votes for the candidates it pushes (camouflage votes apart).</param>
/// <param name="Held">Target votes held pending by the end of the replay (the recall numerator).</param>
/// <param name="VotesByDeadline">Target votes cast before the deadline (72 h after a drip starts; the run's end otherwise).</param>
/// <param name="HeldByDeadline">Of those, the votes held by the deadline.</param>
/// <param name="Voided">Target votes in a case the oracle reviewer confirms (≥ 50 % attack votes), hence voided.</param>
/// <param name="TimeToDetect">From the first attack vote to the first finding naming one.</param>
/// <param name="TimeToContain">From the first attack vote until later votes are held within 5 minutes (95 % of them).</param>
/// <param name="LeakedBeforeContainment">Target votes cast before containment (they stood in the public tally for a while).</param>
/// <param name="PeakLeak">Most target votes standing in the public tally at one time.</param>
/// <param name="HoldPrecision">Of the votes held for the targeted candidates around the episode, the share that are attack votes.</param>
internal sealed record EpisodeResult(
    int Seed,
    Episode Episode,
    int TargetVotes,
    int CamouflageVotes,
    int Flagged,
    int Held,
    int VotesByDeadline,
    int HeldByDeadline,
    int Voided,
    int CamouflageHeld,
    TimeSpan? TimeToDetect,
    TimeSpan? TimeToContain,
    int LeakedBeforeContainment,
    int PeakLeak,
    double HoldPrecision,
    IReadOnlyDictionary<string, int> FlaggedByDetector,
    int Members,
    int MembersFound,
    int MembersFoundByRound2,
    double MemberPrecision);

/// <summary>What honest voters went through in one seed.</summary>
/// <param name="PushCases">False cases made mostly of push votes, or naming none while the push brought their candidate votes.</param>
/// <param name="EmptyCases">Cases naming no vote, judged by their window (see <see cref="Scorer.JudgeEmpty"/>).</param>
internal sealed record HonestResult(
    IReadOnlyDictionary<HonestKind, int> Votes,
    IReadOnlyDictionary<HonestKind, int> Held,
    IReadOnlyDictionary<HonestKind, int> Voided,
    int Cases,
    int FalseCases,
    IReadOnlyDictionary<string, int> FalseCasesByDetector,
    int PushCases,
    int CanvassCases,
    int EmptyCases,
    IReadOnlyList<string> PushCaseSummaries,
    IReadOnlyDictionary<string, int> HeldByDetector,
    IReadOnlyDictionary<string, int> VoidedByDetector);

internal sealed record SeedResult(
    int Seed,
    int Votes,
    int Candidates,
    int Days,
    IReadOnlyList<EpisodeResult> Episodes,
    HonestResult Honest,
    int HeldTotal,
    int HeldAttack,
    TimeSpan Elapsed,
    IReadOnlyDictionary<string, TimeSpan> DetectorTime);
