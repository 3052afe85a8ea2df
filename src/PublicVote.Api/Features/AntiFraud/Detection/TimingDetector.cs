using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>
/// Machine-regular timing (S4 in the design). For each candidate, the stream of all its votes and the sub-streams per
/// UA hash and per prefix keep their last gaps; a stream whose recent gaps are nearly constant (low CV, or most gaps
/// within a few percent of the median) opens a run that holds its votes for as long as it stays regular. One
/// finding per candidate gathers its regular runs.
/// </summary>
public sealed class TimingDetector(IOptions<TimingDetectorOptions> options) : IVoteDetector
{
    public const string DetectorName = "timing";

    private readonly Lock _gate = new();
    private readonly TimingDetectorOptions _options = options.Value;
    private readonly SortedDictionary<(long Campaign, long Candidate), CandidateStreams> _candidates = [];

    public string Name => DetectorName;

    public TimeSpan Lookback => _options.Window;

    public void Observe(VoteEvent vote)
    {
        lock (_gate)
        {
            if (!_candidates.TryGetValue((vote.CampaignId, vote.CandidateId), out var candidate))
            {
                candidate = new CandidateStreams(vote.CampaignId, vote.CandidateId, _options);
                _candidates.Add((vote.CampaignId, vote.CandidateId), candidate);
            }
            candidate.Add(vote);
        }
    }

    public IReadOnlyList<Finding> Evaluate(DateTimeOffset now)
    {
        lock (_gate)
        {
            var findings = new List<Finding>();
            List<(long, long)>? idle = null;
            foreach (var (key, candidate) in _candidates)
            {
                var runs = candidate.Test(now);
                if (runs.Count > 0)
                {
                    findings.Add(ToFinding(candidate, runs));
                }
                if (candidate.IsIdle(now))
                {
                    (idle ??= []).Add(key);
                }
            }
            foreach (var key in idle ?? [])
            {
                _candidates.Remove(key);
            }
            return findings;
        }
    }

    /// <summary>Regularity of a sequence of gaps (milliseconds): CV, median and the share of gaps near the median.</summary>
    public static (double Cv, double MedianMs, double PeriodicShare) Regularity(IReadOnlyList<double> gaps, double tolerance)
    {
        if (gaps.Count == 0)
        {
            return (double.NaN, 0, 0);
        }
        var mean = gaps.Average();
        var variance = gaps.Sum(g => (g - mean) * (g - mean)) / Math.Max(1, gaps.Count - 1);
        var sorted = gaps.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        var periodic = gaps.Count(g => Math.Abs(g - median) <= tolerance * median) / (double)gaps.Count;
        return (mean > 0 ? Math.Sqrt(variance) / mean : double.NaN, median, periodic);
    }

    private Finding ToFinding(CandidateStreams candidate, List<RegularRun> runs)
    {
        var receipts = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var vote in runs.SelectMany(r => r.Votes).OrderBy(v => v.At))
        {
            if (receipts.Count < _options.MaxReceipts && seen.Add(vote.Receipt))
            {
                receipts.Add(vote.Receipt);
            }
        }
        var best = runs.MinBy(r => r.Cv)!;
        var severity = Math.Min(0.95, 0.65 + (0.3 * DetectorMath.Clamp01((_options.MaxCv - best.Cv) / _options.MaxCv)));
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"候选人 {candidate.CandidateId} 有 {receipts.Count} 张选票到达间隔异常均匀：{Describe(best.Key)}连续 {best.Gaps} 个间隔的中位数 {best.MedianMs / 1000:F1} 秒，变异系数 {best.Cv:F2}（真人投票约为 1），{best.PeriodicShare:P0} 的间隔落在中位数 ±{_options.PeriodicTolerance:P0} 以内，像脚本定时投票。");
        var evidence = new JsonObject
        {
            ["runs"] = new JsonArray([.. runs.Select(r => (JsonNode?)new JsonObject
            {
                ["stream"] = r.Key,
                ["votes"] = r.Votes.Count,
                ["gapsTested"] = r.Gaps,
                ["cv"] = Math.Round(r.Cv, 3),
                ["medianGapMs"] = Math.Round(r.MedianMs),
                ["periodicShare"] = Math.Round(r.PeriodicShare, 3),
                ["gapsMs"] = BurstDetector.Numbers(r.LastGaps.Select(g => Math.Round(g))),
                ["closed"] = r.Closed,
            })]),
            ["maxCv"] = _options.MaxCv,
            ["receiptsTruncated"] = receipts.Count >= _options.MaxReceipts,
        };
        return new Finding(DetectorName, candidate.CampaignId, candidate.CandidateId, severity,
            runs.Min(r => r.Votes[0].At), runs.Max(r => r.Votes[^1].At), receipts, summary, evidence);
    }

    private static string Describe(string key) => key switch
    {
        "*" => "全部选票",
        _ when key.StartsWith("u:", StringComparison.Ordinal) => $"UA {key[2..Math.Min(key.Length, 14)]} 的选票",
        _ => $"网段 {key[2..]} 的选票",
    };

    private sealed class RegularRun(string key)
    {
        public string Key { get; } = key;
        public List<VoteEvent> Votes { get; } = [];
        public long NextSeq { get; set; }
        public int Gaps { get; set; }
        public double Cv { get; set; }
        public double MedianMs { get; set; }
        public double PeriodicShare { get; set; }
        public double[] LastGaps { get; set; } = [];
        public bool Closed { get; set; }
    }

    private sealed class Stream(string key, int capacity)
    {
        public string Key { get; } = key;
        public (bool Ua, string Key) Id { get; init; }
        public VoteRing Votes { get; } = new(capacity);
        public bool Dirty { get; set; }
        public bool Tested { get; set; }
        public RegularRun? Run { get; set; }
        public LinkedListNode<Stream>? Node { get; set; }
    }

    private sealed class CandidateStreams(long campaignId, long candidateId, TimingDetectorOptions options)
    {
        private readonly Stream _all = new("*", options.MaxGaps + 1);
        private readonly Dictionary<(bool Ua, string Key), Stream> _streams = [];
        private readonly LinkedList<Stream> _lru = new();
        private readonly List<RegularRun> _closed = [];
        private readonly List<Stream> _dirty = [];
        private readonly HashSet<Stream> _running = [];
        private DateTimeOffset _lastVote;

        public long CampaignId { get; } = campaignId;
        public long CandidateId { get; } = candidateId;

        public void Add(VoteEvent vote)
        {
            _lastVote = vote.At > _lastVote ? vote.At : _lastVote;
            Append(_all, vote);
            if (vote.UaHash.Length > 0)
            {
                Append(Keyed((true, vote.UaHash)), vote);
            }
            if (vote.IpPrefix.Length > 0)
            {
                Append(Keyed((false, vote.IpPrefix)), vote);
            }
        }

        public bool IsIdle(DateTimeOffset now) => now - _lastVote > 2 * options.Window && _running.Count == 0;

        /// <summary>Tests the streams that changed; returns the open runs and the runs closed since the last call.</summary>
        public List<RegularRun> Test(DateTimeOffset now)
        {
            // Only streams with new votes, or in a run (which may have gone silent), need a look.
            foreach (var stream in _dirty)
            {
                Test(stream, now);
            }
            _dirty.Clear();
            foreach (var stream in _running.Where(s => !s.Tested).ToArray())
            {
                Test(stream, now);
            }
            foreach (var stream in _running)
            {
                stream.Tested = false;
            }
            var runs = new List<RegularRun>(_closed);
            _closed.Clear();
            runs.AddRange(_running.Select(s => s.Run!));
            runs.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key) is var byKey and not 0 ? byKey : a.Votes[0].At.CompareTo(b.Votes[0].At));
            return runs;
        }

        private void Append(Stream stream, VoteEvent vote)
        {
            stream.Votes.Add(vote);
            if (!stream.Dirty)
            {
                stream.Dirty = true;
                _dirty.Add(stream);
            }
        }

        private Stream Keyed((bool Ua, string Key) key)
        {
            if (_streams.TryGetValue(key, out var stream))
            {
                _lru.Remove(stream.Node!);
                _lru.AddFirst(stream.Node!);
                return stream;
            }
            if (_streams.Count >= options.MaxStreamsPerCandidate)
            {
                // Evict the least recently used stream that is not in a run (a regular stream is the one to keep).
                var victim = _lru.Last;
                while (victim is not null && victim.Value.Run is not null)
                {
                    victim = victim.Previous;
                }
                victim ??= _lru.Last!;
                Close(victim.Value);
                _lru.Remove(victim);
                _streams.Remove(victim.Value.Id);
                _dirty.Remove(victim.Value);
            }
            stream = new Stream((key.Ua ? "u:" : "p:") + key.Key, options.MaxGaps + 1) { Id = key };
            stream.Node = _lru.AddFirst(stream);
            _streams.Add(key, stream);
            return stream;
        }

        private void Test(Stream stream, DateTimeOffset now)
        {
            stream.Tested = true;
            if (!stream.Dirty)
            {
                if (stream.Run is not null && stream.Votes.Count > 0 && now - stream.Votes.Get(stream.Votes.NextSeq - 1).At > options.Window)
                {
                    Close(stream);
                }
                return;
            }
            stream.Dirty = false;
            var votes = stream.Votes;
            var latest = votes.Get(votes.NextSeq - 1).At;
            // Most streams (one voter's UA, a quiet prefix) are far from enough gaps: no need to look closer.
            if (votes.Count <= options.MinGaps || latest - votes.Get(votes.NextSeq - 1 - options.MinGaps).At > options.Window)
            {
                Close(stream);
                return;
            }
            var first = votes.NextSeq - 1;
            while (first > votes.FirstSeq && latest - votes.Get(first - 1).At <= options.Window)
            {
                first--;
            }
            var gaps = new List<double>();
            for (var seq = first + 1; seq < votes.NextSeq; seq++)
            {
                gaps.Add((votes.Get(seq).At - votes.Get(seq - 1).At).TotalMilliseconds);
            }
            var regular = false;
            var (cv, median, periodic) = (double.NaN, 0.0, 0.0);
            if (gaps.Count >= options.MinGaps)
            {
                (cv, median, periodic) = Regularity(gaps, options.PeriodicTolerance);
                regular = median >= options.MinMedianGapMs && (cv <= options.MaxCv || periodic >= options.MinPeriodicShare);
            }
            if (!regular)
            {
                Close(stream);
                return;
            }
            var run = stream.Run ??= new RegularRun(stream.Key) { NextSeq = first };
            _running.Add(stream);
            run.NextSeq = Math.Max(run.NextSeq, votes.FirstSeq);
            for (; run.NextSeq < votes.NextSeq && run.Votes.Count < options.MaxReceipts; run.NextSeq++)
            {
                run.Votes.Add(votes.Get(run.NextSeq));
            }
            run.NextSeq = votes.NextSeq;
            run.Gaps = gaps.Count;
            run.Cv = double.IsNaN(cv) ? 0 : cv;
            run.MedianMs = median;
            run.PeriodicShare = periodic;
            run.LastGaps = [.. gaps.TakeLast(20)];
        }

        private void Close(Stream stream)
        {
            if (stream.Run is { } run)
            {
                run.Closed = true;
                _closed.Add(run);
                stream.Run = null;
                _running.Remove(stream);
            }
        }
    }
}
