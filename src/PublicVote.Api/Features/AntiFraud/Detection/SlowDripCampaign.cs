namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>
/// One campaign's slow-drip state: how many votes each voter has cast, the votes waiting to be judged, and per
/// candidate and class the hourly CUSUM with its baseline and its single-purpose votes of the lookback.
/// </summary>
public sealed class SlowDripCampaign(long id, SlowDripDetectorOptions options)
{
    /// <summary>
    /// Single-purpose voters by kind (strict, or camouflaged behind votes for the favourites) and age (fresh, or
    /// returning). Age splits the camouflaged kind too: rented aged accounts hide behind the favourites as well as
    /// new ones do, and honest returning voters rarely vote that way, so the returning camouflaged share is low and
    /// steady where the fresh one moves with every share cascade.
    /// </summary>
    public const int Classes = 4;

    public const int Fresh = 0;
    public const int Returning = 1;
    public const int CamouflagedFresh = 2;
    public const int CamouflagedReturning = 3;

    /// <summary>The class of the same kind and the other age.</summary>
    public static int SiblingOf(int voterClass) => voterClass ^ 1;

    public static bool IsFresh(int voterClass) => voterClass is Fresh or CamouflagedFresh;

    public static string ClassCode(int voterClass) => voterClass switch
    {
        Fresh => "fresh",
        Returning => "returning",
        CamouflagedFresh => "camouflagedFresh",
        _ => "camouflagedReturning",
    };

    public static string ClassText(int voterClass) => voterClass switch
    {
        Fresh => "新注册用户的“单一用途”投票（整个活动只投过这一票）",
        Returning => "老用户的“单一用途”投票（整个活动只投过这一票）",
        CamouflagedFresh => "新注册用户的“掩护式单一用途”投票（除几名热门候选人外只投过这一票）",
        _ => "老用户的“掩护式单一用途”投票（除几名热门候选人外只投过这一票）",
    };

    public static string ClassLabel(int voterClass) => voterClass switch
    {
        Fresh => "新注册用户单一用途票",
        Returning => "老用户单一用途票",
        CamouflagedFresh => "新注册用户掩护式单一用途票",
        _ => "老用户掩护式单一用途票",
    };

    public long Id { get; } = id;

    public Dictionary<string, VoterTally> Voters { get; } = new(StringComparer.Ordinal);

    public Queue<VoteEvent> Unsettled { get; } = new();

    public Dictionary<long, DripCandidate> Candidates { get; } = [];

    /// <summary>Hour → candidate → settled counts, for the hours not yet tested.</summary>
    public SortedDictionary<long, Dictionary<long, HourCounts>> Hours { get; } = [];

    public long LastTestedHour { get; set; } = long.MinValue;

    public DateTimeOffset LastVote { get; set; }

    public DateTimeOffset LastVoterSweep { get; set; }

    /// <summary>Campaign-wide decayed settled votes and single-purpose votes per class: the share every baseline scales.</summary>
    public double CampaignVotes { get; set; }

    public double[] CampaignSingles { get; } = new double[Classes];

    public long CampaignHour { get; set; } = long.MinValue;

    public DripCandidate Candidate(long candidateId)
    {
        if (!Candidates.TryGetValue(candidateId, out var candidate))
        {
            candidate = new DripCandidate(candidateId);
            Candidates.Add(candidateId, candidate);
        }
        return candidate;
    }

    public void SweepVoters(DateTimeOffset now)
    {
        var cutoff = now - options.VoterMemory;
        foreach (var voter in Voters.Where(v => v.Value.Last < cutoff).Select(v => v.Key).ToArray())
        {
            Voters.Remove(voter);
        }
        if (Voters.Count > options.MaxVoters)
        {
            foreach (var voter in Voters.OrderBy(v => v.Value.Last).ThenBy(v => v.Key, StringComparer.Ordinal)
                         .Take(Voters.Count - (options.MaxVoters * 9 / 10)).Select(v => v.Key).ToArray())
            {
                Voters.Remove(voter);
            }
        }
        LastVoterSweep = now;
    }

    /// <summary>Votes of the campaign per candidate (the popular ones are the camouflage a drip account hides behind).</summary>
    public Dictionary<long, long> CandidateVotes { get; } = [];

    /// <summary>The candidates currently most voted for, refreshed as hours are tested.</summary>
    public HashSet<long> Popular { get; } = [];

    public DateTimeOffset PopularAt { get; set; } = DateTimeOffset.MinValue;

    public DateTimeOffset LastReport { get; set; } = DateTimeOffset.MinValue;

    public void RefreshPopular(double fraction)
    {
        var count = fraction <= 0 ? 0 : Math.Max(1, (int)Math.Ceiling(fraction * CandidateVotes.Count));
        Popular.Clear();
        Popular.UnionWith(CandidateVotes.OrderByDescending(c => c.Value).ThenBy(c => c.Key).Take(count).Select(c => c.Key));
    }

    /// <summary>
    /// One voter's votes in the campaign: how many per candidate for up to <see cref="Slots"/> candidates (more, and
    /// the voter is plainly not single-purpose).
    /// </summary>
    public sealed class VoterTally(DateTimeOffset last)
    {
        // Inline slots instead of arrays: there is one of these per voter of the campaign.
        private const int Slots = 4;
        private long _c0, _c1, _c2, _c3;
        private byte _n0, _n1, _n2, _n3;
        private int _distinct;

        public DateTimeOffset Last { get; set; } = last;

        public void Add(long candidate)
        {
            for (var i = 0; i < Math.Min(_distinct, Slots); i++)
            {
                if (CandidateAt(i) == candidate)
                {
                    SetVotes(i, (byte)Math.Min(255, VotesAt(i) + 1));
                    return;
                }
            }
            if (_distinct < Slots)
            {
                SetCandidate(_distinct, candidate);
                SetVotes(_distinct, 1);
            }
            _distinct++;
        }

        private long CandidateAt(int i) => i switch { 0 => _c0, 1 => _c1, 2 => _c2, _ => _c3 };

        private byte VotesAt(int i) => i switch { 0 => _n0, 1 => _n1, 2 => _n2, _ => _n3 };

        private void SetCandidate(int i, long candidate)
        {
            switch (i)
            {
                case 0: _c0 = candidate; break;
                case 1: _c1 = candidate; break;
                case 2: _c2 = candidate; break;
                default: _c3 = candidate; break;
            }
        }

        private void SetVotes(int i, byte votes)
        {
            switch (i)
            {
                case 0: _n0 = votes; break;
                case 1: _n1 = votes; break;
                case 2: _n2 = votes; break;
                default: _n3 = votes; break;
            }
        }

        /// <summary>
        /// Whether the voter voted exactly once for <paramref name="candidate"/>: and nothing else (strictly
        /// single-purpose), or nothing else but popular candidates (camouflaged: FRAUDAR's point, votes for the
        /// favourites are the cheap camouflage and say little about a voter). Null when neither.
        /// </summary>
        public bool? SinglePurposeFor(long candidate, HashSet<long> popular)
        {
            if (_distinct > Slots)
            {
                return null;
            }
            var once = false;
            for (var i = 0; i < _distinct; i++)
            {
                if (CandidateAt(i) == candidate)
                {
                    once = VotesAt(i) == 1;
                }
                else if (!popular.Contains(CandidateAt(i)))
                {
                    return null;
                }
            }
            return once ? _distinct == 1 : null;
        }
    }

    public sealed class HourCounts
    {
        public int Votes { get; set; }
        public int[] Singles { get; } = new int[Classes];
    }

    public sealed class DripCandidate(long id)
    {
        public long Id { get; } = id;

        /// <summary>Decayed single-purpose votes, and what the campaign's share would have made of its votes (the ratio's parts).</summary>
        public double[] BaseSingles { get; } = new double[Classes];
        public double[] BaseExpected { get; } = new double[Classes];
        public long[] BaseHour { get; } = [long.MinValue, long.MinValue, long.MinValue, long.MinValue];

        public double[] Cusum { get; } = new double[Classes];
        public DripEpisode?[] Episodes { get; } = new DripEpisode?[Classes];
        public List<DripEpisode> Closed { get; } = [];

        /// <summary>Single-purpose votes per class within the voter memory, oldest first (receipts of an alarm).</summary>
        public Queue<VoteEvent>[] Singles { get; } = [new(), new(), new(), new()];

        /// <summary>The candidate's votes not yet judged, oldest first (an alarm holds the provisional single-purpose ones).</summary>
        public Queue<VoteEvent> Unsettled { get; } = new();

        /// <summary>Per class, the tested hours of the voter memory: (hour, votes, single-purpose votes, baseline share).</summary>
        public Queue<(long Hour, int Votes, int Singles, double Baseline)>[] History { get; } = [new(), new(), new(), new()];
    }

    public sealed class DripEpisode(long campaignId, long candidateId, int voterClass, long startHour)
    {
        public long CampaignId { get; } = campaignId;
        public long CandidateId { get; } = candidateId;
        public int VoterClass { get; } = voterClass;
        public long StartHour { get; } = startHour;
        public long LastHour { get; set; } = startHour;
        public long AlarmHour { get; set; }
        public long Votes { get; set; }
        public long Singles { get; set; }
        public double Expected { get; set; }
        public double Baseline { get; set; }
        public double PeakCusum { get; set; }
        public bool Closed { get; set; }
        public long? LowSince { get; set; }
        public List<double> HourlyShare { get; } = [];

        /// <summary>The classes the alarm names (its own, and companions found elevated over its span).</summary>
        public HashSet<int>? Named { get; set; }

        /// <summary>The age sibling the alarm names beside its own class (from its steady hours only), if any.</summary>
        public int? Sibling { get; set; }

        /// <summary>Whether the sibling is named for being elevated itself (or, if not, as a rented drip's new accounts).</summary>
        public bool SiblingElevated { get; set; }
    }
}
