namespace PublicVote.FraudEval.Simulation;

/// <summary>Where an honest vote comes from (the ground truth the detectors never see).</summary>
internal enum HonestKind
{
    /// <summary>A voter's own sitting.</summary>
    Organic,

    /// <summary>Brought by a share of another honest vote (Hawkes child), the push's shares included.</summary>
    Cascade,

    /// <summary>The official-account push itself (its readers' votes).</summary>
    Push,

    /// <summary>A company canvassing its own staff.</summary>
    Canvass,
}

internal enum AttackKind
{
    /// <summary>A1: fresh-account burst from a few IDC prefixes with scripted UAs and dwell.</summary>
    FreshBurst,

    /// <summary>A2: IP-pool rotation, realistic UAs and dwell.</summary>
    IpRotation,

    /// <summary>A3: slow drip of single-purpose votes over days.</summary>
    SlowDrip,

    /// <summary>A4: vote-exchange group (互投群) voting for each other's candidates after a daily call.</summary>
    VoteExchange,
}

/// <summary>Ground truth of one vote: honest (with its kind) or part of an attack episode (target or camouflage vote).</summary>
internal sealed record VoteLabel(HonestKind? Honest, int Episode, bool Camouflage)
{
    public static readonly VoteLabel Organic = new(HonestKind.Organic, -1, false);
    public static readonly VoteLabel Cascade = new(HonestKind.Cascade, -1, false);
    public static readonly VoteLabel Push = new(HonestKind.Push, -1, false);
    public static readonly VoteLabel Canvass = new(HonestKind.Canvass, -1, false);

    public bool IsAttack => Honest is null;

    public static VoteLabel Attack(int episode, bool camouflage) => new(null, episode, camouflage);
}

/// <summary>A voter as the generator knows it (its key is already pseudonymous, as on the vote log).</summary>
internal sealed class SimVoter(string key, DateTimeOffset? firstSeen, string homePrefix, string ua)
{
    public string Key { get; } = key;

    /// <summary>First sign-in to the service.</summary>
    public DateTimeOffset? FirstSeen { get; set; } = firstSeen;

    /// <summary>The fixed prefix of a home-broadband voter; empty for a mobile voter (a carrier prefix per sitting).</summary>
    public string HomePrefix { get; } = homePrefix;

    public string Ua { get; } = ua;

    /// <summary>Office prefix used at work (office staff only).</summary>
    public string? OfficePrefix { get; init; }

    /// <summary>Candidates voted per local day (the campaign's one-vote-per-candidate-per-day rule).</summary>
    public Dictionary<int, HashSet<long>> VotedByDay { get; } = [];

    public bool TryVote(int day, long candidate)
    {
        if (!VotedByDay.TryGetValue(day, out var set))
        {
            VotedByDay[day] = set = [];
        }
        return set.Add(candidate);
    }
}

/// <summary>One generated vote with the signals the hot path would record and its ground truth.</summary>
internal sealed record SimVote(
    DateTimeOffset At,
    long CandidateId,
    SimVoter Voter,
    string Prefix,
    string Ua,
    int DwellMs,
    VoteLabel Label)
{
    /// <summary>Order of generation; ties in time are replayed in this order.</summary>
    public long Seq { get; set; }
}
