namespace PublicVote.FraudEval.Simulation;

/// <summary>
/// The size of a simulated campaign and its attack plan. <see cref="Full"/> follows the evaluation protocol
/// (shared/reference/antifraud.md C2/C3); <see cref="Ci"/> is the same model shrunk to run in seconds.
/// </summary>
internal sealed record Scale(
    string Name,
    int Candidates,
    int Organisations,
    int Days,
    int OrganicVoters,
    int CgnatPrefixes,
    int HomePrefixes,
    int FreshBursts,
    int IpRotations,
    int SlowDrips,
    int VoteExchanges,
    int CamouflagedBursts,
    int CamouflagedDrips,
    int CamouflagedExchanges,
    (int Min, int Max) AttackVotes,
    (int Min, int Max) GroupMembers,
    (int Min, int Max) GroupCandidates,
    (int Min, int Max) GroupRounds,
    (int Min, int Max) DripDays,
    (int Min, int Max) StaffGroup)
{
    public static readonly Scale Full = new("full", Candidates: 300, Organisations: 30, Days: 10, OrganicVoters: 100_000,
        CgnatPrefixes: 600, HomePrefixes: 30_000,
        FreshBursts: 2, IpRotations: 2, SlowDrips: 1, VoteExchanges: 1, CamouflagedBursts: 1, CamouflagedDrips: 1, CamouflagedExchanges: 1,
        AttackVotes: (500, 3000), GroupMembers: (30, 300), GroupCandidates: (5, 20), GroupRounds: (3, 7), DripDays: (3, 7), StaffGroup: (50, 500));

    public static readonly Scale Ci = new("ci", Candidates: 60, Organisations: 6, Days: 4, OrganicVoters: 6_000,
        CgnatPrefixes: 150, HomePrefixes: 4_000,
        FreshBursts: 1, IpRotations: 1, SlowDrips: 1, VoteExchanges: 1, CamouflagedBursts: 1, CamouflagedDrips: 0, CamouflagedExchanges: 0,
        AttackVotes: (500, 1000), GroupMembers: (30, 60), GroupCandidates: (5, 8), GroupRounds: (3, 3), DripDays: (3, 3), StaffGroup: (50, 200));

    public static Scale Parse(string name) => name switch
    {
        "full" => Full,
        "ci" => Ci,
        _ => throw new ArgumentException($"--size must be 'full' or 'ci', not '{name}'."),
    };
}
