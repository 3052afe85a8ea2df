using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PublicVote.Api.Features.AntiFraud.Detection;

namespace PublicVote.Api.Features.AntiFraud.Surge;

/// <summary>An open voting campaign as the surge monitor needs it.</summary>
public sealed record OpenCampaign(long Id, int RedisShards);

/// <summary>
/// Puts candidates in surge mode (a Redis flag with an expiry, renewed while the surge lasts) from the per-minute
/// buckets the vote script keeps, and reports each surge as a finding (detector <c>surge</c>) so reviewers see why
/// votes are being held. Completed minutes are cached: each tick reads only the current and the previous minute.
/// </summary>
public sealed partial class SurgeMonitor(SurgeStore store, IOptions<SurgeOptions> options, ILogger<SurgeMonitor> logger)
{
    public const string Detector = "surge";
    private readonly Dictionary<(long Campaign, long Minute), Dictionary<long, long>> _minutes = [];

    public async Task<IReadOnlyList<Finding>> TickAsync(IReadOnlyList<OpenCampaign> campaigns, DateTimeOffset now)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return [];
        }
        var findings = new List<Finding>();
        var currentMinute = now.ToUnixTimeSeconds() / 60;
        var partial = (now.ToUnixTimeMilliseconds() % 60_000) / 60_000.0;
        var recentFrom = currentMinute - o.RecentMinutes;
        var recentMinutes = o.RecentMinutes + partial;
        foreach (var campaign in campaigns)
        {
            var flags = await store.FlagsAsync(campaign.Id);
            var recent = await SumAsync(campaign, recentFrom, currentMinute + 1, currentMinute);
            var campaignRecent = recent.Values.Sum();
            var usualBaseline = await SumAsync(campaign, recentFrom - o.BaselineMinutes, recentFrom, currentMinute);
            foreach (var (candidate, recentVotes) in recent)
            {
                var active = flags.TryGetValue(candidate, out var flag) && flag.Until > now ? flag : (SurgeFlag?)null;
                var baseTo = BaselineEnd(recentFrom, active, now, o);
                var baseline = baseTo == recentFrom ? usualBaseline : await SumAsync(campaign, baseTo - o.BaselineMinutes, baseTo, currentMinute);
                var stats = SurgeRule.Measure(new SurgeInput(
                    (recentVotes, baseline.GetValueOrDefault(candidate)), (campaignRecent, baseline.Values.Sum()),
                    recentMinutes, o.BaselineMinutes, Math.Max(recent.Count, baseline.Count)));
                if (!SurgeRule.Trips(stats, o))
                {
                    continue;
                }
                var renewed = new SurgeFlag(now + o.HoldFor, active?.Since ?? now);
                await store.SetAsync(campaign.Id, campaign.RedisShards, candidate, renewed);
                if (active is null)
                {
                    LogSurgeStarted(campaign.Id, candidate, stats.RecentPerMinute, stats.BaselinePerMinute);
                }
                findings.Add(ToFinding(campaign.Id, candidate, stats, renewed, now, baseTo, o));
            }
            Prune(campaign.Id, currentMinute - o.RecentMinutes - o.BaselineMinutes - (long)o.MaxBaselineFreeze.TotalMinutes - 1);
        }
        return findings;
    }

    /// <summary>
    /// Hold mode after a detector's severe finding (the host's containment): the candidate gets the surge flag for
    /// <see cref="SurgeOptions.HoldFor"/>, renewed by every later severe finding, so its further risky votes are held on
    /// the hot path at once instead of waiting for the next finding. An active flag keeps its start (its frozen baseline).
    /// </summary>
    /// <returns>Whether the candidate was not in surge or hold mode before.</returns>
    public async Task<bool> ContainAsync(OpenCampaign campaign, long candidateId, DateTimeOffset now)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return false;
        }
        var flags = await store.FlagsAsync(campaign.Id);
        var active = flags.TryGetValue(candidateId, out var flag) && flag.Until > now ? flag : (SurgeFlag?)null;
        var until = now + o.HoldFor;
        if (active is { } current && current.Until >= until)
        {
            return false;
        }
        await store.SetAsync(campaign.Id, campaign.RedisShards, candidateId, new SurgeFlag(until, active?.Since ?? now));
        if (active is null)
        {
            LogHoldModeStarted(campaign.Id, candidateId);
        }
        return active is null;
    }

    /// <summary>The minute after the baseline: just before the recent window, or before the surge began while one is on.</summary>
    private static long BaselineEnd(long recentFrom, SurgeFlag? active, DateTimeOffset now, SurgeOptions o)
    {
        if (active is not { } flag || now - flag.Since > o.MaxBaselineFreeze)
        {
            return recentFrom;
        }
        return Math.Min(recentFrom, (flag.Since.ToUnixTimeSeconds() / 60) - o.RecentMinutes);
    }

    /// <summary>Votes per candidate over the minutes [from, to); minutes before the previous one are final and cached.</summary>
    private async Task<Dictionary<long, long>> SumAsync(OpenCampaign campaign, long from, long to, long currentMinute)
    {
        var sum = new Dictionary<long, long>();
        for (var minute = from; minute < to && minute <= currentMinute; minute++)
        {
            if (!_minutes.TryGetValue((campaign.Id, minute), out var counts))
            {
                counts = await store.MinuteAsync(campaign.Id, campaign.RedisShards, minute);
                if (minute < currentMinute - 1)
                {
                    _minutes[(campaign.Id, minute)] = counts;
                }
            }
            foreach (var (candidate, votes) in counts)
            {
                sum[candidate] = sum.GetValueOrDefault(candidate) + votes;
            }
        }
        return sum;
    }

    private void Prune(long campaignId, long beforeMinute)
    {
        foreach (var key in _minutes.Keys.Where(k => k.Campaign == campaignId && k.Minute < beforeMinute).ToList())
        {
            _minutes.Remove(key);
        }
    }

    private static Finding ToFinding(long campaignId, long candidateId, SurgeStats stats, SurgeFlag flag, DateTimeOffset now, long baseTo, SurgeOptions o)
    {
        var baselineFrom = DateTimeOffset.FromUnixTimeSeconds((baseTo - o.BaselineMinutes) * 60);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"投票速率 {stats.RecentPerMinute:F1} 票/分钟，为自身基线 {stats.BaselinePerMinute:F1} 票/分钟的 {stats.RateRatio:F0} 倍；" +
            $"占全部投票 {stats.RecentShare:P0}（基线 {stats.BaselineShare:P0}）。已开启激增模式：高风险投票暂缓计入，待审核。");
        return new Finding(Detector, campaignId, candidateId,
            Math.Clamp(0.3 + (0.1 * Math.Log2(stats.RateRatio / o.RateFactor + 1)), 0.3, 0.9),
            flag.Since, now, [], summary,
            new JsonObject
            {
                ["recentPerMinute"] = Math.Round(stats.RecentPerMinute, 2),
                ["baselinePerMinute"] = Math.Round(stats.BaselinePerMinute, 3),
                ["rateRatio"] = Math.Round(stats.RateRatio, 1),
                ["recentShare"] = Math.Round(stats.RecentShare, 4),
                ["baselineShare"] = Math.Round(stats.BaselineShare, 4),
                ["baselineFrom"] = baselineFrom,
                ["baselineTo"] = DateTimeOffset.FromUnixTimeSeconds(baseTo * 60),
                ["surgeSince"] = flag.Since,
                ["holdUntil"] = flag.Until,
            });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Hold mode on for campaign {CampaignId} candidate {CandidateId}: a detector's case holds its votes")]
    private partial void LogHoldModeStarted(long campaignId, long candidateId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Surge mode on for campaign {CampaignId} candidate {CandidateId}: {Recent:F1}/min against a baseline of {Baseline:F2}/min")]
    private partial void LogSurgeStarted(long campaignId, long candidateId, double recent, double baseline);
}
