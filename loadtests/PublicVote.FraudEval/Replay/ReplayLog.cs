using PublicVote.Api.Features.AntiFraud.Detection;
using PublicVote.FraudEval.Simulation;

namespace PublicVote.FraudEval.Replay;

/// <summary>
/// What happened to every vote during a replay: its receipt, when a finding first named it, when it was first held
/// pending and by which detectors; and the cases, modelled as the host merges findings (same detector and
/// candidate, reported again within <see cref="CaseGap"/>).
/// </summary>
internal sealed class ReplayLog
{
    public static readonly TimeSpan CaseGap = TimeSpan.FromHours(6);

    private readonly Dictionary<string, int> _indexOf = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, long), Case> _open = [];

    public ReplayLog(Scenario scenario)
    {
        Scenario = scenario;
        var n = scenario.Votes.Count;
        Receipts = new string?[n];
        Flagged = new DateTimeOffset?[n];
        Held = new DateTimeOffset?[n];
        FlaggedBy = new HashSet<string>?[n];
    }

    public Scenario Scenario { get; }

    public string?[] Receipts { get; }

    public DateTimeOffset?[] Flagged { get; }

    public DateTimeOffset?[] Held { get; }

    public HashSet<string>?[] FlaggedBy { get; }

    public List<Case> Cases { get; } = [];

    public int FindingsReported { get; private set; }

    public int IndexOf(string receipt) => _indexOf.TryGetValue(receipt, out var i) ? i : -1;

    public void Submitted(int firstIndex, IReadOnlyList<string?> receipts)
    {
        for (var k = 0; k < receipts.Count; k++)
        {
            Receipts[firstIndex + k] = receipts[k];
            if (receipts[k] is { } receipt)
            {
                _indexOf[receipt] = firstIndex + k;
            }
        }
    }

    public void Observe(DateTimeOffset now, ReplayObservation observation)
    {
        foreach (var finding in observation.Findings)
        {
            FindingsReported++;
            var key = (finding.Detector, finding.CandidateId);
            if (!_open.TryGetValue(key, out var current) || now - current.LastReport > CaseGap)
            {
                current = new Case(finding.Detector, finding.CandidateId, now, finding.From);
                _open[key] = current;
                Cases.Add(current);
            }
            current.Add(now, finding);
            foreach (var receipt in finding.Receipts)
            {
                var i = IndexOf(receipt);
                if (i < 0)
                {
                    continue;
                }
                current.Votes.Add(i);
                Flagged[i] ??= now;
                (FlaggedBy[i] ??= new HashSet<string>(StringComparer.Ordinal)).Add(finding.Detector);
            }
        }
        foreach (var receipt in observation.NewlyHeld)
        {
            var i = IndexOf(receipt);
            if (i >= 0)
            {
                Held[i] ??= now;
            }
        }
    }

    /// <summary>A reviewer case: the union of the findings one detector reported for one candidate in one stretch.</summary>
    internal sealed class Case(string detector, long candidateId, DateTimeOffset opened, DateTimeOffset from)
    {
        public string Detector { get; } = detector;

        public long CandidateId { get; } = candidateId;

        public DateTimeOffset Opened { get; } = opened;

        public DateTimeOffset LastReport { get; private set; } = opened;

        /// <summary>Start of the earliest span its findings covered.</summary>
        public DateTimeOffset From { get; private set; } = from;

        /// <summary>End of the latest span its findings covered.</summary>
        public DateTimeOffset To { get; private set; } = from;

        public double MaxSeverity { get; private set; }

        public string LastSummary { get; private set; } = "";

        /// <summary>The last finding's evidence as compact JSON (the cases file carries it for diagnosis).</summary>
        public string LastEvidence { get; private set; } = "{}";

        /// <summary>Indexes of the votes the case names.</summary>
        public HashSet<int> Votes { get; } = [];

        public void Add(DateTimeOffset now, Finding finding)
        {
            LastReport = now;
            From = finding.From < From ? finding.From : From;
            To = finding.To > To ? finding.To : To;
            MaxSeverity = Math.Max(MaxSeverity, finding.Severity);
            LastSummary = finding.Summary;
            LastEvidence = finding.Evidence.ToJsonString();
        }
    }
}
