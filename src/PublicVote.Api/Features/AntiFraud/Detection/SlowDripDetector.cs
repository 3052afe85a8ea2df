using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using static PublicVote.Api.Features.AntiFraud.Detection.SlowDripCampaign;

namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>
/// Slow drip (B3 in the design): rented or farmed accounts trickling a few votes an hour into one candidate for days
/// stay under every rate test, but they shift who votes: each account votes once, for that candidate only. Votes
/// are judged after <see cref="SlowDripDetectorOptions.SettleTime"/>; per candidate and class (strict or camouflaged,
/// fresh or returning single-purpose voters) an hourly Bernoulli CUSUM tests the share of single-purpose votes
/// against the campaign's share times the candidate's own ratio to it, the ratio frozen while the CUSUM is high. An
/// alarm names its own class and any other class elevated over the same span, not every single-purpose vote.
/// </summary>
public sealed class SlowDripDetector(IOptions<SlowDripDetectorOptions> options) : IVoteDetector
{
    public const string DetectorName = "slowdrip";
    private const int MaxHourlySeries = 168;

    private const double NegativeCap = 4;

    private static readonly TimeSpan VoterSweepEvery = TimeSpan.FromHours(6);
    private static readonly TimeSpan PopularRefreshEvery = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan ReportEvery = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly SlowDripDetectorOptions _options = options.Value;
    private readonly Dictionary<long, SlowDripCampaign> _campaigns = [];

    public string Name => DetectorName;

    public TimeSpan Lookback => _options.VoterMemory;

    public void Observe(VoteEvent vote)
    {
        lock (_gate)
        {
            if (!_campaigns.TryGetValue(vote.CampaignId, out var campaign))
            {
                campaign = new SlowDripCampaign(vote.CampaignId, _options) { LastVoterSweep = vote.At };
                _campaigns.Add(vote.CampaignId, campaign);
            }
            if (!campaign.Voters.TryGetValue(vote.VoterKey, out var voter))
            {
                voter = new VoterTally(vote.At);
                campaign.Voters.Add(vote.VoterKey, voter);
            }
            voter.Add(vote.CandidateId);
            campaign.CandidateVotes[vote.CandidateId] = campaign.CandidateVotes.GetValueOrDefault(vote.CandidateId) + 1;
            voter.Last = vote.At > voter.Last ? vote.At : voter.Last;
            campaign.Unsettled.Enqueue(vote);
            campaign.Candidate(vote.CandidateId).Unsettled.Enqueue(vote);
            campaign.LastVote = vote.At > campaign.LastVote ? vote.At : campaign.LastVote;
        }
    }

    public IReadOnlyList<Finding> Evaluate(DateTimeOffset now)
    {
        lock (_gate)
        {
            var findings = new List<Finding>();
            foreach (var campaign in _campaigns.Values.OrderBy(c => c.Id).ToArray())
            {
                if (now - campaign.PopularAt >= PopularRefreshEvery)
                {
                    campaign.RefreshPopular(_options.PopularFraction);
                    campaign.PopularAt = now;
                }
                Settle(campaign, now);
                TestHours(campaign, DetectorMath.UnixHour(now - _options.SettleTime) - 1);
                // A drip moves in hours: reporting (and so holding its newest votes) every few minutes is prompt enough.
                if (now - campaign.LastReport < ReportEvery)
                {
                    continue;
                }
                campaign.LastReport = now;
                foreach (var candidate in campaign.Candidates.Values.OrderBy(c => c.Id))
                {
                    foreach (var episode in candidate.Closed.Concat(candidate.Episodes.OfType<DripEpisode>()))
                    {
                        findings.Add(ToFinding(campaign, candidate, episode));
                    }
                    candidate.Closed.Clear();
                    foreach (var singles in candidate.Singles)
                    {
                        while (singles.Count > 0 && now - singles.Peek().At > _options.VoterMemory)
                        {
                            singles.Dequeue();
                        }
                    }
                }
                if (now - campaign.LastVoterSweep >= VoterSweepEvery || campaign.Voters.Count > _options.MaxVoters)
                {
                    campaign.SweepVoters(now);
                }
                if (now - campaign.LastVote > _options.VoterMemory && campaign.Unsettled.Count == 0)
                {
                    _campaigns.Remove(campaign.Id);
                }
            }
            return findings;
        }
    }

    private void Settle(SlowDripCampaign campaign, DateTimeOffset now)
    {
        while (campaign.Unsettled.Count > 0 && now - campaign.Unsettled.Peek().At >= _options.SettleTime)
        {
            var vote = campaign.Unsettled.Dequeue();
            campaign.Candidate(vote.CandidateId).Unsettled.Dequeue();
            var hour = DetectorMath.UnixHour(vote.At);
            if (hour <= campaign.LastTestedHour)
            {
                continue;
            }
            if (!campaign.Hours.TryGetValue(hour, out var byCandidate))
            {
                campaign.Hours[hour] = byCandidate = [];
            }
            if (!byCandidate.TryGetValue(vote.CandidateId, out var counts))
            {
                byCandidate[vote.CandidateId] = counts = new HourCounts();
            }
            counts.Votes++;
            if (ClassOf(campaign, vote) is { } voterClass)
            {
                counts.Singles[voterClass]++;
                campaign.Candidate(vote.CandidateId).Singles[voterClass].Enqueue(vote);
            }
        }
    }

    private double ShiftOf(int voterClass) => voterClass == Fresh ? _options.FreshShift : _options.Shift;

    /// <summary>The vote's single-purpose class, or null when its voter is not single-purpose for its candidate.</summary>
    private int? ClassOf(SlowDripCampaign campaign, VoteEvent vote)
    {
        var strict = campaign.Voters.TryGetValue(vote.VoterKey, out var voter) ? voter.SinglePurposeFor(vote.CandidateId, campaign.Popular) : true;
        // Camouflage hides a vote for an unremarkable candidate among votes for the favourites; for a favourite
        // itself the class means nothing.
        if (strict is not { } isStrict || (!isStrict && campaign.Popular.Contains(vote.CandidateId)))
        {
            return null;
        }
        var fresh = vote.VoterFirstSeen is { } seen && vote.At - seen < _options.FreshAge;
        return (isStrict ? Fresh : CamouflagedFresh) + (fresh ? 0 : 1);
    }

    /// <summary>
    /// The classes an alarm names: its own, and its age sibling (fresh for returning and back, of the same kind) when
    /// that class's share over the alarm's span is itself clearly above its baseline: an operator mixes new and aged
    /// accounts that behave alike. A class that is not elevated is left out: its votes are the candidate's ordinary
    /// single-purpose voters, and naming them would only hold honest votes. One exception: aged accounts rented for a
    /// candidate (a strict returning alarm) come with a few new ones that a share of new single voters cannot show,
    /// all the less when the drip began before the candidate had a baseline of its own; their new single voters are
    /// named too, and the reviewer restores the honest ones. Either way the sibling is named only from its steady
    /// hours (see <see cref="WaveHours"/>). Also returns whether the sibling is named for being elevated.
    /// </summary>
    private (HashSet<int> Named, int? Sibling, bool SiblingElevated) NamedClasses(DripCandidate candidate, DripEpisode episode)
    {
        var sibling = SiblingOf(episode.VoterClass);
        if (candidate.Episodes[sibling] is not null || SpanTest(candidate, sibling, episode.StartHour).Elevated)
        {
            return ([episode.VoterClass, sibling], sibling, true);
        }
        return episode.VoterClass == Returning ? ([Returning, Fresh], Fresh, false) : ([episode.VoterClass], null, false);
    }

    /// <summary>
    /// The judged hours in which a class's single-purpose votes stood above the hourly cap (<see cref="Cap"/>) of its
    /// baseline: a share or a company's call brings its crowd of single voters in an hour or two, a drip a steady few.
    /// </summary>
    private static HashSet<long> WaveHours(DripCandidate candidate, int k) =>
        [.. candidate.History[k].Where(h => h.Singles > Cap(h.Baseline * h.Votes)).Select(h => h.Hour)];

    /// <summary>The most single-purpose votes an hour counts as steady: a couple of standard deviations above its mean.</summary>
    private static double Cap(double mean) => Math.Ceiling(mean + (2 * Math.Sqrt(mean)) + 1);

    /// <summary>
    /// A class's single-purpose votes over the span against its baseline. Each hour counts at most a couple of
    /// standard deviations above its expectation: a share cascade brings a few hours crowded with new single
    /// votes, a drip a steady few more every hour, and only the steady excess is evidence of a drip.
    /// </summary>
    private (long Singles, double Capped, double Expected, double Log10P, bool Elevated) SpanTest(DripCandidate candidate, int k, long fromHour)
    {
        long votes = 0, singles = 0;
        double capped = 0, expected = 0;
        foreach (var (hour, hourVotes, hourSingles, baseline) in candidate.History[k])
        {
            if (hour >= fromHour)
            {
                var mean = baseline * hourVotes;
                votes += hourVotes;
                singles += hourSingles;
                capped += Math.Min(hourSingles, Cap(mean));
                expected += mean;
            }
        }
        if (votes == 0)
        {
            return (0, 0, 0, 0, false);
        }
        var log10P = DetectorMath.Log10BinomialUpperTail((long)capped, votes, Math.Clamp(expected / votes, 1e-4, 1 - 1e-9));
        return (singles, capped, expected, log10P, capped - expected >= _options.CompanionMinExcess && log10P <= _options.CompanionLog10Significance);
    }

    private void TestHours(SlowDripCampaign campaign, long closedUpTo)
    {
        var halfLifeHours = _options.CampaignHalfLife.TotalHours;
        while (campaign.Hours.Count > 0 && campaign.Hours.First().Key <= closedUpTo)
        {
            var (hour, byCandidate) = campaign.Hours.First();
            campaign.Hours.Remove(hour);
            campaign.LastTestedHour = hour;
            var campaignDecay = campaign.CampaignHour == long.MinValue ? 1 : Math.Pow(0.5, (hour - campaign.CampaignHour) / halfLifeHours);
            campaign.CampaignHour = hour;
            campaign.CampaignVotes *= campaignDecay;
            for (var k = 0; k < Classes; k++)
            {
                campaign.CampaignSingles[k] *= campaignDecay;
            }
            // The campaign's share as it stood before this hour (one candidate's drip barely moves it).
            var campaignShare = new double[Classes];
            for (var k = 0; k < Classes; k++)
            {
                campaignShare[k] = campaign.CampaignVotes > 0 ? campaign.CampaignSingles[k] / campaign.CampaignVotes : 0.2;
            }
            foreach (var (candidateId, counts) in byCandidate.OrderBy(c => c.Key))
            {
                var candidate = campaign.Candidate(candidateId);
                for (var k = 0; k < Classes; k++)
                {
                    TestClass(campaign, candidate, k, hour, counts.Votes, counts.Singles[k], campaignShare[k]);
                }
                Learn(candidate, hour, counts.Votes, counts.Singles, campaignShare);
                campaign.CampaignVotes += counts.Votes;
                for (var k = 0; k < Classes; k++)
                {
                    campaign.CampaignSingles[k] += counts.Singles[k];
                }
            }
        }
        campaign.LastTestedHour = Math.Max(campaign.LastTestedHour, closedUpTo);
    }

    /// <summary>
    /// The baseline is the campaign's current share of the class times the candidate's own ratio to it (learned
    /// while the candidate looks normal). Shares drift over a campaign as voters build up history, for every
    /// candidate alike; the campaign share carries that drift, the frozen ratio keeps a drip from being learned.
    /// </summary>
    private void TestClass(SlowDripCampaign campaign, DripCandidate candidate, int k, long hour, int votes, int singles, double campaignShare)
    {
        var decay = candidate.BaseHour[k] == long.MinValue ? 1 : Math.Pow(0.5, (hour - candidate.BaseHour[k]) / _options.BaselineHalfLife.TotalHours);
        var prior = _options.PriorVotes * campaignShare;
        var ratio = campaignShare <= 0 ? 1 : ((candidate.BaseSingles[k] * decay) + prior) / ((candidate.BaseExpected[k] * decay) + prior);
        var p0 = Math.Clamp(ratio * campaignShare, 0.005, 0.95);
        var p1 = Math.Min(0.99, p0 + ShiftOf(k));
        var gain = (singles * Math.Log(p1 / p0)) + ((votes - singles) * Math.Log((1 - p1) / (1 - p0)));
        var history = candidate.History[k];
        history.Enqueue((hour, votes, singles, p0));
        while (history.Count > 0 && hour - history.Peek().Hour >= _options.VoterMemory.TotalHours)
        {
            history.Dequeue();
        }
        // Fresh camouflaged voters move with every share cascade (new people voting for the candidate and a
        // favourite or two): the class is only ever named beside its returning sibling, never alarmed on.
        if (k == CamouflagedFresh)
        {
            return;
        }
        // Capped: one busy hour can neither raise an alarm nor (an honest cascade's many non-single votes) wipe
        // out days of evidence at once; falling is allowed to be faster than rising.
        candidate.Cusum[k] = Math.Max(0, candidate.Cusum[k] + Math.Clamp(gain, -NegativeCap * _options.MaxHourlyGain, _options.MaxHourlyGain));
        if (candidate.Episodes[k] is { } episode)
        {
            episode.Votes += votes;
            episode.Singles += singles;
            episode.Expected += p0 * votes;
            episode.LastHour = hour;
            episode.PeakCusum = Math.Max(episode.PeakCusum, candidate.Cusum[k]);
            if (episode.HourlyShare.Count < MaxHourlySeries && votes > 0)
            {
                episode.HourlyShare.Add(Math.Round(singles / (double)votes, 3));
            }
            // The alarm ends once the evidence has stayed low for half the minimum span, not at the first dip.
            if (candidate.Cusum[k] >= _options.Threshold / 2)
            {
                episode.LowSince = null;
            }
            else
            {
                episode.LowSince ??= hour;
            }
            if (hour - episode.LowSince >= _options.MinSpan.TotalHours / 2)
            {
                episode.Closed = true;
                candidate.Closed.Add(episode);
                candidate.Episodes[k] = null;
            }
        }
        else if (candidate.Cusum[k] >= _options.Threshold && Open(campaign, candidate, k, hour, p0) is { } opened
                 && opened.Singles - opened.Expected >= _options.MinExcess
                 && opened.Singles - opened.Expected >= _options.MinShareRise * ShiftOf(k) * opened.Votes
                 && hour - opened.StartHour + 1 >= _options.MinSpan.TotalHours
                 && !CarriedByNewcomers(candidate, k, opened))
        {
            // The shift must be large and sustained: the run's share well above the baseline (a few points more is
            // the ordinary wander of a candidate's following), its estimated start at least MinSpan back (a
            // few-hour cascade is not).
            candidate.Episodes[k] = opened;
        }
    }

    /// <summary>
    /// A class's baseline learns only while the candidate looks normal in it and in its age sibling. A slow drip
    /// would otherwise teach its class's baseline as fast as it builds evidence, and the sibling's baseline the
    /// part of it the sibling carries (an operator's few fresh accounts beside the aged ones): any evidence beyond
    /// one hour's worth freezes both.
    /// </summary>
    private void Learn(DripCandidate candidate, long hour, int votes, int[] singles, double[] campaignShare)
    {
        var unusual = new bool[Classes];
        for (var k = 0; k < Classes; k++)
        {
            unusual[k] = candidate.Episodes[k] is not null || candidate.Cusum[k] > _options.MaxHourlyGain;
        }
        for (var k = 0; k < Classes; k++)
        {
            if (unusual[k] || unusual[SiblingOf(k)])
            {
                continue;
            }
            var decay = candidate.BaseHour[k] == long.MinValue ? 1 : Math.Pow(0.5, (hour - candidate.BaseHour[k]) / _options.BaselineHalfLife.TotalHours);
            candidate.BaseExpected[k] = (candidate.BaseExpected[k] * decay) + (campaignShare[k] * votes);
            candidate.BaseSingles[k] = (candidate.BaseSingles[k] * decay) + singles[k];
            candidate.BaseHour[k] = hour;
        }
    }

    /// <summary>
    /// A rise of returning single-purpose voters that comes with a larger rise of fresh ones, of the same kind and
    /// over the same span, is a share cascade reaching new people (a few of whom have signed in before), not aged
    /// accounts rented for the candidate: an operator of aged accounts brings more of them than of new ones.
    /// </summary>
    private bool CarriedByNewcomers(DripCandidate candidate, int k, DripEpisode opened)
    {
        if (IsFresh(k))
        {
            return false;
        }
        var (singles, _, expected, _, _) = SpanTest(candidate, SiblingOf(k), opened.StartHour);
        return singles - expected > opened.Singles - opened.Expected;
    }

    /// <summary>
    /// Opens an alarm from the most likely change point: the hour from which the (uncapped) log-likelihood ratio
    /// sums highest. The capped CUSUM may have touched zero after the drip began; the drip's first votes count too.
    /// </summary>
    private DripEpisode Open(SlowDripCampaign campaign, DripCandidate candidate, int k, long hour, double p0)
    {
        var hours = candidate.History[k].ToArray();
        double sum = 0, best = double.NegativeInfinity;
        var start = hours.Length - 1;
        for (var i = hours.Length - 1; i >= 0; i--)
        {
            var (_, votes, singles, baseline) = hours[i];
            var shifted = Math.Min(0.99, baseline + ShiftOf(k));
            sum += (singles * Math.Log(shifted / baseline)) + ((votes - singles) * Math.Log((1 - shifted) / (1 - baseline)));
            if (sum > best)
            {
                (best, start) = (sum, i);
            }
        }
        var episode = new DripEpisode(campaign.Id, candidate.Id, k, hours[start].Hour)
        {
            AlarmHour = hour,
            LastHour = hour,
            Baseline = p0,
            PeakCusum = candidate.Cusum[k],
        };
        for (var i = start; i < hours.Length; i++)
        {
            episode.Votes += hours[i].Votes;
            episode.Singles += hours[i].Singles;
            episode.Expected += hours[i].Baseline * hours[i].Votes;
        }
        return episode;
    }

    private Finding ToFinding(SlowDripCampaign campaign, DripCandidate candidate, DripEpisode episode)
    {
        var from = DetectorMath.FromUnixHour(episode.StartHour);
        var to = DetectorMath.FromUnixHour(episode.LastHour + 1);
        // A closed alarm keeps the classes it named last while open.
        if (!episode.Closed || episode.Named is null)
        {
            (episode.Named, episode.Sibling, episode.SiblingElevated) = NamedClasses(candidate, episode);
        }
        var named = episode.Named;
        var waves = episode.Sibling is { } sibling ? WaveHours(candidate, sibling) : [];
        // The sibling's votes count once their hour has been tested whole (settled votes wait for the rest of their hour).
        bool Named(VoteEvent v, int k) => named.Contains(k)
            && (k != episode.Sibling || (DetectorMath.UnixHour(v.At) <= campaign.LastTestedHour && !waves.Contains(DetectorMath.UnixHour(v.At))));
        var judged = named.Order().SelectMany(k => candidate.Singles[k].Where(v => Named(v, k)))
            .Where(v => v.At >= from && (!episode.Closed || v.At < to)).ToList();
        // While the alarm is open, votes not yet judged are held as soon as their voter looks single-purpose so far;
        // the sibling's only once judged, when its hour is whole and a wave can be told from a steady hour.
        var provisional = episode.Closed ? [] : candidate.Unsettled
            .Where(v => ClassOf(campaign, v) is { } k && k != episode.Sibling && named.Contains(k)).ToList();
        var receipts = judged.Concat(provisional).Take(_options.MaxReceipts).Select(v => v.Receipt).ToList();
        var alarmedClass = judged.Concat(provisional).Count(v => ClassOf(campaign, v) == episode.VoterClass);
        var share = episode.Votes == 0 ? 0 : episode.Singles / (double)episode.Votes;
        var excess = episode.Singles - episode.Expected;
        var excessShare = episode.Singles == 0 ? 0 : DetectorMath.Clamp01(excess / episode.Singles);
        var severity = Math.Min(0.9, 0.4 + (0.5 * excessShare));
        var hours = episode.LastHour - episode.StartHour + 1;
        var also = episode.Sibling is not { } companion ? ""
            : episode.SiblingElevated ? $"同期{ClassLabel(companion)}也高于平时，一并列入（成批涌入的时段除外，其中可能有正常投票）；"
            : $"租用的老账号常混有少量新号，同期{ClassLabel(companion)}（成批涌入的时段除外）一并列入，其中多为正常投票，请核对后恢复；";
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"候选人 {candidate.Id} 的{ClassText(episode.VoterClass)}占比从平时约 {episode.Baseline:P0} 升至 {share:P0}，已持续 {hours} 小时，比预期多出约 {excess:F0} 张；{also}{(episode.Closed ? "已回落" : "仍在持续")}。");
        var evidence = new JsonObject
        {
            ["voterClass"] = ClassCode(episode.VoterClass),
            ["namedClasses"] = new JsonArray([.. named.Order().Select(k => (JsonNode?)JsonValue.Create(ClassCode(k)))]),
            ["sibling"] = episode.Sibling is { } siblingClass ? ClassCode(siblingClass) : null,
            ["siblingElevated"] = episode.SiblingElevated,
            ["siblingWaveHours"] = waves.Count,
            ["classes"] = new JsonArray([.. Enumerable.Range(0, Classes).Select(k => (JsonNode?)ClassJson(candidate, episode, k, named.Contains(k)))]),
            ["baselineShare"] = Math.Round(episode.Baseline, 4),
            ["runShare"] = Math.Round(share, 4),
            ["votes"] = episode.Votes,
            ["singlePurposeVotes"] = episode.Singles,
            ["namedOfAlarmedClass"] = alarmedClass,
            ["namedOfOtherClass"] = receipts.Count - alarmedClass,
            ["expectedSinglePurpose"] = Math.Round(episode.Expected, 1),
            ["excess"] = Math.Round(excess, 1),
            ["hours"] = hours,
            ["alarmAt"] = DetectorMath.FromUnixHour(episode.AlarmHour + 1),
            ["cusumPeak"] = Math.Round(episode.PeakCusum, 2),
            ["cusumThreshold"] = _options.Threshold,
            ["hourlyShare"] = BurstDetector.Numbers(episode.HourlyShare),
            ["settleHours"] = _options.SettleTime.TotalHours,
            ["closed"] = episode.Closed,
            ["receiptsTruncated"] = receipts.Count >= _options.MaxReceipts,
        };
        return new Finding(DetectorName, episode.CampaignId, candidate.Id, severity, from, to, receipts, summary, evidence);
    }

    private JsonObject ClassJson(DripCandidate candidate, DripEpisode episode, int k, bool named)
    {
        var (singles, capped, expected, log10P, _) = SpanTest(candidate, k, episode.StartHour);
        return new JsonObject
        {
            ["voterClass"] = ClassCode(k),
            ["singlePurposeVotes"] = singles,
            ["cappedPerHour"] = capped,
            ["expected"] = Math.Round(expected, 1),
            ["log10P"] = Math.Round(log10P, 1),
            ["named"] = named,
        };
    }
}
