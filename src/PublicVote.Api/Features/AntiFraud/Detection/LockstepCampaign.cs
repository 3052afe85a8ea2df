namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>
/// One campaign's co-voting state for the lockstep detector: each voter's current sitting, the multi-candidate
/// sittings of the lookback indexed by candidate, and per-day counts of candidate pairs voted in one sitting (the
/// CopyCatch seeds). Only voters active within one session gap are held individually; everything else ages out
/// with the lookback.
/// </summary>
public sealed class LockstepCampaign(long id, LockstepDetectorOptions options)
{
    private readonly int _days = (int)Math.Ceiling(options.Lookback.TotalDays) + 1;
    private readonly Dictionary<string, Sitting> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<long, List<Sitting>> _byCandidate = [];
    private readonly Dictionary<(long A, long B), DayCounts> _pairs = [];
    private readonly Dictionary<long, DayCounts> _votes = [];
    private readonly DayCounts _allVotes = new((int)Math.Ceiling(options.Lookback.TotalDays) + 1);
    private readonly DayCounts _allPairs = new((int)Math.Ceiling(options.Lookback.TotalDays) + 1);
    private int _sittings;
    private DateTimeOffset _lastPairPrune = DateTimeOffset.MinValue;

    public long Id { get; } = id;

    public DateTimeOffset LastVote { get; private set; }

    public DateTimeOffset LastRun { get; set; } = DateTimeOffset.MinValue;

    /// <summary>Seeds that grew into no group, with their co-vote count then.</summary>
    public Dictionary<(long A, long B), long> Rejected { get; } = [];

    public void Observe(VoteEvent vote)
    {
        LastVote = vote.At > LastVote ? vote.At : LastVote;
        var day = Day(vote.At);
        Counts(_votes, vote.CandidateId).Add(day);
        _allVotes.Add(day);
        if (!_open.TryGetValue(vote.VoterKey, out var sitting) || vote.At - sitting.End > options.SessionGap)
        {
            sitting = new Sitting(vote.VoterKey, vote.At);
            _open[vote.VoterKey] = sitting;
        }
        sitting.Votes.Add(vote);
        sitting.End = vote.At > sitting.End ? vote.At : sitting.End;
        if (sitting.Candidates.Contains(vote.CandidateId))
        {
            return;
        }
        foreach (var other in sitting.Candidates)
        {
            Counts(_pairs, Pair(other, vote.CandidateId)).Add(day);
            _allPairs.Add(day);
        }
        sitting.Candidates.Add(vote.CandidateId);
        if (sitting.Candidates.Count == 2)
        {
            _sittings++;
            Index(sitting.Candidates[0], sitting);
        }
        if (sitting.Candidates.Count >= 2)
        {
            Index(vote.CandidateId, sitting);
        }
    }

    /// <summary>Forgets sittings older than the lookback (or the oldest, past the cap) and closed sittings' voters.</summary>
    public void Prune(DateTimeOffset now)
    {
        foreach (var voter in _open.Where(o => now - o.Value.End > options.SessionGap).Select(o => o.Key).ToArray())
        {
            _open.Remove(voter);
        }
        var cutoff = now - options.Lookback;
        for (var step = 0; step <= 10; step++)
        {
            foreach (var list in _byCandidate.Values)
            {
                var old = 0;
                while (old < list.Count && list[old].End < cutoff)
                {
                    if (!list[old].Forgotten)
                    {
                        list[old].Forgotten = true;
                        _sittings--;
                    }
                    old++;
                }
                list.RemoveRange(0, old);
            }
            if (_sittings <= options.MaxSessions)
            {
                break;
            }
            cutoff += options.Lookback / 10;
        }
        foreach (var candidate in _byCandidate.Where(c => c.Value.Count == 0).Select(c => c.Key).ToArray())
        {
            _byCandidate.Remove(candidate);
        }
        // Pairs age out by whole days: looking once every few hours is enough.
        if (now - _lastPairPrune < TimeSpan.FromHours(6))
        {
            return;
        }
        _lastPairPrune = now;
        var fromDay = Day(now - options.Lookback);
        foreach (var pair in _pairs.Where(p => p.Value.Sum(fromDay) == 0).Select(p => p.Key).ToArray())
        {
            _pairs.Remove(pair);
            Rejected.Remove(pair);
        }
    }

    /// <summary>Candidate pairs co-voted in one sitting by at least <paramref name="minCount"/> voters and far more often than popularity explains.</summary>
    public List<Seed> Seeds(DateTimeOffset now, int minCount, double minLift)
    {
        var fromDay = Day(now - options.Lookback);
        var votes = (double)_allVotes.Sum(fromDay);
        var pairs = (double)_allPairs.Sum(fromDay);
        var seeds = new List<Seed>();
        var share = new Dictionary<long, double>(_votes.Count);
        foreach (var ((a, b), counts) in _pairs)
        {
            var together = counts.Sum(fromDay);
            if (together < minCount)
            {
                continue;
            }
            var pa = Share(a);
            var pb = Share(b);
            var lift = together / Math.Max(2 * pairs * pa * pb, 1e-9);
            if (lift >= minLift)
            {
                seeds.Add(new Seed(a, b, together, lift));
            }
        }
        seeds.Sort((x, y) => y.Together != x.Together ? y.Together.CompareTo(x.Together) : (x.A, x.B).CompareTo((y.A, y.B)));
        return seeds;

        double Share(long candidate)
        {
            if (!share.TryGetValue(candidate, out var value))
            {
                share[candidate] = value = _votes[candidate].Sum(fromDay) / votes;
            }
            return value;
        }
    }

    public IReadOnlyList<Sitting> SittingsWith(long candidate) => _byCandidate.TryGetValue(candidate, out var list) ? list : [];

    private void Index(long candidate, Sitting sitting)
    {
        if (!_byCandidate.TryGetValue(candidate, out var list))
        {
            list = [];
            _byCandidate.Add(candidate, list);
        }
        list.Add(sitting);
    }

    private DayCounts Counts<TKey>(Dictionary<TKey, DayCounts> map, TKey key) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var counts))
        {
            counts = new DayCounts(_days);
            map.Add(key, counts);
        }
        return counts;
    }

    private static (long, long) Pair(long x, long y) => x < y ? (x, y) : (y, x);

    private static long Day(DateTimeOffset at) => DetectorMath.UnixHour(at) / 24;

    public sealed record Seed(long A, long B, long Together, double Lift);

    /// <summary>One voter's votes with gaps no longer than the session gap.</summary>
    public sealed class Sitting(string voter, DateTimeOffset start)
    {
        public string Voter { get; } = voter;
        public DateTimeOffset Start { get; } = start;
        public DateTimeOffset End { get; set; } = start;
        public List<long> Candidates { get; } = [];
        public List<VoteEvent> Votes { get; } = [];
        public bool Forgotten { get; set; }
    }

    /// <summary>Counts per day over a ring of days.</summary>
    private sealed class DayCounts(int days)
    {
        private readonly long[] _day = Enumerable.Repeat(long.MinValue, days).ToArray();
        private readonly int[] _count = new int[days];

        public void Add(long day)
        {
            var i = (int)(((day % _day.Length) + _day.Length) % _day.Length);
            if (_day[i] != day)
            {
                _day[i] = day;
                _count[i] = 0;
            }
            _count[i]++;
        }

        public long Sum(long fromDay)
        {
            long sum = 0;
            for (var i = 0; i < _day.Length; i++)
            {
                sum += _day[i] >= fromDay ? _count[i] : 0;
            }
            return sum;
        }
    }
}
