namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>
/// The per-candidate burst test shared by the burst and composition detectors. Votes are counted into Unix minutes;
/// each closed minute updates, per candidate, a Poisson CUSUM against its own recent rate and one against its usual
/// share of the other candidates' votes (expected = share × others, so a campaign-wide push or the diurnal curve
/// lifts the expectation with the count). An alarm needs both CUSUMs over the threshold and enough excess votes; the
/// baselines are frozen while the share CUSUM is high so that the attack does not become the baseline.
/// Not thread-safe: the owning detector serialises calls.
/// </summary>
public sealed class BurstTracker(BurstDetectorOptions options)
{
    // Minutes of counts held ahead of the last tested minute; a vote further ahead forces the older minutes through.
    private const int PendingMinutes = 128;

    private readonly Dictionary<long, CampaignState> _campaigns = [];
    private readonly double _logShift = Math.Log(options.ShiftFactor);
    private readonly double _rateDecay = DetectorMath.DecayPerStep(options.RateHalfLife.TotalMinutes);
    private readonly double _shareDecay = DetectorMath.DecayPerStep(options.ShareHalfLife.TotalMinutes);
    private readonly int _historyMinutes = Math.Max(10, (int)options.BufferWindow.TotalMinutes);
    private readonly int _quietMinutes = Math.Max(1, (int)options.QuietPeriod.TotalMinutes);
    private readonly int _maxEpisodeMinutes = Math.Max(1, (int)options.MaxEpisode.TotalMinutes);

    public BurstDetectorOptions Options { get; } = options;

    /// <summary>Campaigns idle this long with no open alarm are forgotten (bounded memory).</summary>
    public TimeSpan IdleEviction { get; init; } = TimeSpan.FromDays(2);

    public bool Knows(long campaignId) => _campaigns.ContainsKey(campaignId);

    public void Observe(VoteEvent vote)
    {
        if (!_campaigns.TryGetValue(vote.CampaignId, out var campaign))
        {
            campaign = new CampaignState(vote.CampaignId, DetectorMath.UnixMinute(vote.At) - 1);
            _campaigns.Add(vote.CampaignId, campaign);
        }
        var minute = DetectorMath.UnixMinute(vote.At);
        if (minute >= campaign.LastTested + PendingMinutes)
        {
            AdvanceCampaign(campaign, minute - PendingMinutes);
        }
        // A vote for a minute already tested (a slow shard) counts in the next one.
        minute = Math.Max(minute, campaign.LastTested + 1);
        if (!campaign.Candidates.TryGetValue(vote.CandidateId, out var candidate))
        {
            candidate = new CandidateState(vote.CandidateId, _historyMinutes, Options.MaxBufferedVotes) { HistoryFrom = campaign.LastTested + 1 };
            campaign.Candidates.Add(vote.CandidateId, candidate);
        }
        candidate.Pending[minute % PendingMinutes]++;
        campaign.Pending[minute % PendingMinutes]++;
        campaign.LastVoteMinute = Math.Max(campaign.LastVoteMinute, minute);
        campaign.VotesSeen++;
        candidate.Recent.Add(vote);
    }

    /// <summary>Tests every minute closed by <paramref name="now"/>; returns the open episodes and those closed since the last call.</summary>
    public IReadOnlyList<BurstEpisode> Advance(DateTimeOffset now)
    {
        var closedUpTo = DetectorMath.UnixMinute(now - Options.Grace) - 1;
        var result = new List<BurstEpisode>();
        List<long>? idle = null;
        foreach (var campaign in _campaigns.Values)
        {
            AdvanceCampaign(campaign, closedUpTo);
            foreach (var candidate in campaign.Candidates.Values)
            {
                result.AddRange(candidate.Closed);
                candidate.Closed.Clear();
                if (candidate.Episode is { } open)
                {
                    result.Add(open);
                }
            }
            if (closedUpTo - campaign.LastVoteMinute > IdleEviction.TotalMinutes && campaign.Candidates.Values.All(c => c.Episode is null))
            {
                (idle ??= []).Add(campaign.Id);
            }
        }
        foreach (var id in idle ?? [])
        {
            _campaigns.Remove(id);
        }
        result.Sort((a, b) => (a.CampaignId, a.CandidateId, a.StartMinute).CompareTo((b.CampaignId, b.CandidateId, b.StartMinute)));
        return result;
    }

    private void AdvanceCampaign(CampaignState campaign, long upTo)
    {
        while (campaign.LastTested < upTo)
        {
            var minute = campaign.LastTested + 1;
            // A campaign without a single vote for a quiet period and no open alarm has nothing to test: jump
            // (decaying the baselines as the skipped empty minutes would have) instead of stepping through a night.
            if (minute > campaign.LastVoteMinute && campaign.SettledIdle >= _quietMinutes
                && campaign.Candidates.Values.All(c => c.Episode is null))
            {
                var jump = upTo - minute + 1;
                foreach (var candidate in campaign.Candidates.Values)
                {
                    candidate.Decay(Math.Pow(_rateDecay, jump), Math.Pow(_shareDecay, jump));
                    candidate.HistoryFrom = upTo + 1;
                }
                campaign.LastTested = upTo;
                return;
            }
            TestMinute(campaign, minute);
            campaign.SettledIdle = minute > campaign.LastVoteMinute ? campaign.SettledIdle + 1 : 0;
            campaign.LastTested = minute;
        }
    }

    private void TestMinute(CampaignState campaign, long minute)
    {
        var slot = (int)(minute % PendingMinutes);
        var total = campaign.Pending[slot];
        campaign.Pending[slot] = 0;
        var priorShare = 1.0 / Math.Max(1, campaign.Candidates.Count - 1);
        foreach (var candidate in campaign.Candidates.Values)
        {
            var votes = candidate.Pending[slot];
            candidate.Pending[slot] = 0;
            var others = total - votes;
            var share = (candidate.ShareVotes + (Options.PriorVotes * priorShare)) / (candidate.ShareOthers + Options.PriorVotes);
            var expected = Math.Max(share * others, Options.MinExpectedPerMinute);
            var expectedOwn = Math.Max(candidate.RateVotes * (1 - _rateDecay), Options.MinExpectedPerMinute);
            // Poisson log-likelihood ratio of "ShiftFactor × expected" against "expected" for this minute's count.
            var step = Options.ShiftFactor - 1;
            // The ceiling lets the statistic fall back under the threshold minutes, not hours, after a big burst ends.
            var ceiling = Options.CusumCeiling * Options.Threshold;
            candidate.RateCusum = Math.Clamp(candidate.RateCusum + (votes * _logShift) - (step * expectedOwn), 0, ceiling);
            candidate.ShareCusum = Math.Clamp(candidate.ShareCusum + (votes * _logShift) - (step * expected), 0, ceiling);
            candidate.Remember(minute, votes, expected, expectedOwn, others);
            candidate.Recent.TrimBefore(DetectorMath.FromUnixMinute(minute - _historyMinutes + 1));

            if (candidate.Episode is { } episode)
            {
                Continue(candidate, episode, minute, votes, expected, expectedOwn, others);
            }
            else if (candidate.ShareCusum >= Options.Threshold && candidate.RateCusum >= Options.Threshold
                     && campaign.VotesSeen >= Options.WarmupVotes)
            {
                TryOpen(campaign, candidate, minute);
            }
            // Conditional merge (MIDAS-F): a candidate whose share is drifting up does not teach its baseline.
            if (candidate.Episode is null && candidate.ShareCusum < Options.Threshold / 2)
            {
                candidate.Learn(votes, others, _rateDecay, _shareDecay);
            }
        }
    }

    private void TryOpen(CampaignState campaign, CandidateState candidate, long minute)
    {
        // The burst starts at the most likely change point: the minute from which the (uncapped) log-likelihood
        // ratio sums highest. The capped CUSUM's last zero can lie hours before, in a busy candidate's ordinary noise.
        var step = Options.ShiftFactor - 1;
        double sum = 0, best = double.NegativeInfinity;
        var start = minute;
        // Nor does it reach back into an earlier burst of the candidate: that one has been reported on its own.
        for (var m = minute; m >= Math.Max(Math.Max(candidate.HistoryFrom, candidate.LastEpisodeEnd + 1), minute - _historyMinutes + 1); m--)
        {
            var (votes, expected, _, _) = candidate.Recall(m);
            sum += (votes * _logShift) - (step * expected);
            if (sum > best)
            {
                (best, start) = (sum, m);
            }
        }
        double excess = 0, window = 0, peakWindow = 0;
        for (var m = start; m <= minute; m++)
        {
            var (votes, expected, _, _) = candidate.Recall(m);
            excess += votes - expected;
            window += votes - expected;
            if (m - start >= BurstEpisode.PeakWindowMinutes)
            {
                var (oldVotes, oldExpected, _, _) = candidate.Recall(m - BurstEpisode.PeakWindowMinutes);
                window -= oldVotes - oldExpected;
            }
            peakWindow = Math.Max(peakWindow, window);
        }
        if (excess < Options.MinExcess || peakWindow < Options.MinWindowExcess)
        {
            return;
        }
        var episode = new BurstEpisode(campaign.Id, candidate.Id, start) { AlarmMinute = minute };
        for (var m = start; m <= minute; m++)
        {
            var (votes, expected, expectedOwn, others) = candidate.Recall(m);
            episode.AddMinute(votes, expected, expectedOwn, others);
        }
        episode.LastMinute = minute;
        episode.PeakCusum = candidate.ShareCusum;
        var from = DetectorMath.FromUnixMinute(start);
        episode.NextSeq = candidate.Recent.FirstSeq;
        while (episode.NextSeq < candidate.Recent.NextSeq && candidate.Recent.Get(episode.NextSeq).At < from)
        {
            episode.NextSeq++;
        }
        for (var seq = Math.Max(candidate.Recent.FirstSeq, episode.NextSeq - BurstEpisode.MaxBefore); seq < episode.NextSeq; seq++)
        {
            episode.Before.Add(candidate.Recent.Get(seq));
        }
        TakeVotes(candidate, episode);
        candidate.Episode = episode;
        candidate.Quiet = 0;
        candidate.QuietMinutes.Clear();
    }

    private void Continue(CandidateState candidate, BurstEpisode episode, long minute, int votes, double expected, double expectedOwn, long others)
    {
        // Minutes under the threshold are kept aside: they join the episode if the burst picks up again, and are
        // dropped (with their votes) if it ends, so that an ended burst does not hold the quiet minutes after it.
        candidate.QuietMinutes.Add((votes, expected, expectedOwn, others));
        if (candidate.ShareCusum >= Options.Threshold)
        {
            foreach (var (v, e, eo, o) in candidate.QuietMinutes)
            {
                episode.AddMinute(v, e, eo, o);
            }
            candidate.QuietMinutes.Clear();
            episode.LastMinute = minute;
            episode.PeakCusum = Math.Max(episode.PeakCusum, candidate.ShareCusum);
            TakeVotes(candidate, episode);
        }
        candidate.Quiet = candidate.ShareCusum < Options.Threshold ? candidate.Quiet + 1 : 0;
        var tooLong = episode.Minutes >= _maxEpisodeMinutes;
        if (candidate.Quiet < _quietMinutes && !tooLong)
        {
            return;
        }
        candidate.QuietMinutes.Clear();
        episode.Closed = true;
        candidate.LastEpisodeEnd = episode.LastMinute;
        candidate.Closed.Add(episode);
        candidate.Episode = null;
        if (tooLong)
        {
            // A change that lasts this long is the candidate's new normal (or a case already raised): start from it.
            candidate.Relevel(episode, _rateDecay, _shareDecay);
        }
    }

    private void TakeVotes(CandidateState candidate, BurstEpisode episode)
    {
        episode.NextSeq = Math.Max(episode.NextSeq, candidate.Recent.FirstSeq);
        for (; episode.NextSeq < candidate.Recent.NextSeq; episode.NextSeq++)
        {
            if (episode.Votes.Count >= Options.MaxReceipts)
            {
                episode.Truncated = true;
                episode.NextSeq = candidate.Recent.NextSeq;
                break;
            }
            episode.Votes.Add(candidate.Recent.Get(episode.NextSeq));
        }
    }

    private sealed class CampaignState(long id, long lastTested)
    {
        public long Id { get; } = id;
        public Dictionary<long, CandidateState> Candidates { get; } = [];
        public int[] Pending { get; } = new int[PendingMinutes];
        public long LastTested { get; set; } = lastTested;
        public long LastVoteMinute { get; set; } = lastTested;
        public long VotesSeen { get; set; }
        public int SettledIdle { get; set; }
    }

    private sealed class CandidateState(long id, int historyMinutes, int maxBuffered)
    {
        private readonly int[] _histVotes = new int[historyMinutes];
        private readonly double[] _histExpected = new double[historyMinutes];
        private readonly double[] _histExpectedOwn = new double[historyMinutes];
        private readonly long[] _histOthers = new long[historyMinutes];

        public long Id { get; } = id;
        public int[] Pending { get; } = new int[PendingMinutes];
        public VoteRing Recent { get; } = new(maxBuffered);

        /// <summary>Decayed sums: the candidate's votes and the others' votes (share baseline), and its votes (rate baseline).</summary>
        public double ShareVotes { get; private set; }
        public double ShareOthers { get; private set; }
        public double RateVotes { get; private set; }

        public double RateCusum { get; set; }
        public double ShareCusum { get; set; }
        /// <summary>First minute whose history is real (after creation or a jump over idle minutes).</summary>
        public long HistoryFrom { get; set; } = long.MinValue;
        public BurstEpisode? Episode { get; set; }
        /// <summary>Last minute of the candidate's latest closed burst.</summary>
        public long LastEpisodeEnd { get; set; } = long.MinValue;
        public List<BurstEpisode> Closed { get; } = [];
        public int Quiet { get; set; }
        public List<(int Votes, double Expected, double ExpectedOwn, long Others)> QuietMinutes { get; } = [];

        public void Remember(long minute, int votes, double expected, double expectedOwn, long others)
        {
            var i = (int)(minute % _histVotes.Length);
            _histVotes[i] = votes;
            _histExpected[i] = expected;
            _histExpectedOwn[i] = expectedOwn;
            _histOthers[i] = others;
        }

        public (int Votes, double Expected, double ExpectedOwn, long Others) Recall(long minute)
        {
            var i = (int)(minute % _histVotes.Length);
            return (_histVotes[i], _histExpected[i], _histExpectedOwn[i], _histOthers[i]);
        }

        public void Learn(int votes, long others, double rateDecay, double shareDecay)
        {
            RateVotes = (RateVotes * rateDecay) + votes;
            ShareVotes = (ShareVotes * shareDecay) + votes;
            ShareOthers = (ShareOthers * shareDecay) + others;
        }

        public void Decay(double rateFactor, double shareFactor)
        {
            RateVotes *= rateFactor;
            ShareVotes *= shareFactor;
            ShareOthers *= shareFactor;
            RateCusum = 0;
            ShareCusum = 0;
        }

        public void Relevel(BurstEpisode episode, double rateDecay, double shareDecay)
        {
            var perMinute = episode.Observed / (double)episode.Minutes;
            RateVotes = perMinute / (1 - rateDecay);
            ShareVotes = perMinute / (1 - shareDecay);
            ShareOthers = episode.Others / (double)episode.Minutes / (1 - shareDecay);
            RateCusum = 0;
            ShareCusum = 0;
        }
    }
}
