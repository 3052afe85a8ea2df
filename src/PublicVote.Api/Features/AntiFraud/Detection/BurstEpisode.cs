namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>One alarm of the burst test for one candidate: its span, its counts against the baselines and its votes.</summary>
public sealed class BurstEpisode(long campaignId, long candidateId, long startMinute)
{
    /// <summary>Per-minute series kept for the evidence chart; memory cap.</summary>
    public const int MaxSeriesMinutes = 360;

    public long CampaignId { get; } = campaignId;

    public long CandidateId { get; } = candidateId;

    /// <summary>Unix minute the CUSUM run began (before the alarm: the run's first votes belong to the burst too).</summary>
    public long StartMinute { get; } = startMinute;

    /// <summary>Unix minute of the last tested minute.</summary>
    public long LastMinute { get; internal set; } = startMinute;

    /// <summary>Unix minute the alarm was raised.</summary>
    public long AlarmMinute { get; internal set; }

    public long Observed { get; internal set; }

    /// <summary>Votes expected from the candidate's usual share of the other candidates' votes.</summary>
    public double Expected { get; internal set; }

    /// <summary>Votes expected from the candidate's own recent rate (not share-adjusted).</summary>
    public double ExpectedOwn { get; internal set; }

    /// <summary>The other candidates' votes over the same minutes.</summary>
    public long Others { get; internal set; }

    public double PeakCusum { get; internal set; }

    public int PeakMinuteVotes { get; internal set; }

    public bool Closed { get; internal set; }

    public bool Truncated { get; internal set; }

    public List<VoteEvent> Votes { get; } = [];

    /// <summary>Up to <see cref="MaxBefore"/> of the candidate's votes just before the run: its own recent normal.</summary>
    public List<VoteEvent> Before { get; } = [];

    public const int MaxBefore = 500;

    public List<int> PerMinute { get; } = [];

    public List<double> ExpectedPerMinute { get; } = [];

    internal long NextSeq { get; set; }

    public DateTimeOffset From => DetectorMath.FromUnixMinute(StartMinute);

    public DateTimeOffset To => DetectorMath.FromUnixMinute(LastMinute + 1);

    public int Minutes => (int)(LastMinute - StartMinute + 1);

    /// <summary>The largest excess (votes − expected) within any <see cref="PeakWindowMinutes"/>-minute window: how fast the burst came.</summary>
    public double PeakWindowExcess { get; private set; }

    public const int PeakWindowMinutes = 15;

    private readonly Queue<double> _window = new();
    private double _windowSum;

    internal void AddMinute(int votes, double expected, double expectedOwn, long others)
    {
        _window.Enqueue(votes - expected);
        _windowSum += votes - expected;
        if (_window.Count > PeakWindowMinutes)
        {
            _windowSum -= _window.Dequeue();
        }
        PeakWindowExcess = Math.Max(PeakWindowExcess, _windowSum);
        Observed += votes;
        Expected += expected;
        ExpectedOwn += expectedOwn;
        Others += others;
        PeakMinuteVotes = Math.Max(PeakMinuteVotes, votes);
        if (PerMinute.Count < MaxSeriesMinutes)
        {
            PerMinute.Add(votes);
            ExpectedPerMinute.Add(Math.Round(expected, 3));
        }
    }
}
