using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PublicVote.Api.Features.AntiFraud.Cases;
using PublicVote.Api.Features.AntiFraud.Detection;
using PublicVote.Api.Features.AntiFraud.Surge;

namespace PublicVote.Api.Features.AntiFraud.Host;

/// <summary>What one scan did (logged, and read by tests and the evaluation harness).</summary>
public sealed record ScanReport(int Replayed, int VotesRead, int Findings, int CasesOpened, int CasesUpdated, long VotesHeld = 0, long VotesReleased = 0);

/// <summary>
/// One scan of the detector host: surge mode from the minute buckets; on the first scan, each detector's lookback
/// replayed from the log (restart safety); the votes flushed since the last scan fed to every registered
/// <see cref="IVoteDetector"/>, held votes attached to their candidate's surge case; then every detector evaluated and
/// its findings turned into cases — a finding at least <see cref="DetectorHostOptions.HoldSeverity"/> severe holds its
/// case's counted votes pending and puts the candidate in hold mode; votes surge mode held that no case claimed within
/// <see cref="DetectorHostOptions.ReleaseHeldAfter"/> are released; finally live-counter adjustments left unapplied are
/// retried. The position lives in memory (it is what the detectors have seen) and is stored as the restart checkpoint.
/// </summary>
public sealed partial class FraudScanner(
    ScanRepository log,
    IEnumerable<IVoteDetector> detectors,
    CaseWriter cases,
    SurgeMonitor surge,
    HeldVoteRelease release,
    LiveCounterAdjuster adjuster,
    IOptions<DetectorHostOptions> options,
    TimeProvider time,
    ILogger<FraudScanner> logger)
{
    private readonly IReadOnlyList<IVoteDetector> _detectors = detectors.ToList();
    private LogPosition? _position;

    /// <summary>How far the detectors have been fed (null before the first scan).</summary>
    public LogPosition? Position => _position;

    /// <summary>Adjustments younger than this are still being applied by the request that made them.</summary>
    private static readonly TimeSpan AdjustmentGrace = TimeSpan.FromSeconds(5);

    public async Task<ScanReport> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var tally = new Tally();
        var open = await log.OpenCampaignsAsync(now, cancellationToken);
        foreach (var finding in await surge.TickAsync(open, now))
        {
            tally.Add(await cases.UpsertAsync(finding, cancellationToken: cancellationToken));
        }
        var replayed = 0;
        if (_position is not { } position)
        {
            (position, replayed) = await ReplayAsync(now, cancellationToken);
        }
        var horizon = await log.HorizonAsync(cancellationToken);
        var read = 0;
        for (var page = 0; page < o.MaxPagesPerScan; page++)
        {
            var votes = await log.ReadAsync(position, new LogPosition(horizon - 1, long.MaxValue), o.PageSize, cancellationToken);
            if (votes.Count == 0)
            {
                break;
            }
            Feed(votes, now, replay: false);
            foreach (var held in HeldFindings(votes))
            {
                tally.Add(await cases.UpsertAsync(held, votesOnly: true, cancellationToken: cancellationToken));
            }
            position = votes[^1].Position;
            _position = position;
            await log.SaveCheckpointAsync(position, cancellationToken);
            read += votes.Count;
            if (votes.Count < o.PageSize)
            {
                break;
            }
        }
        _position = position;
        foreach (var detector in _detectors)
        {
            foreach (var finding in Evaluate(detector, now))
            {
                await UpsertAsync(finding, open, now, tally, cancellationToken);
            }
        }
        tally.Released = await release.ReleaseAsync(now - o.ReleaseHeldAfter, o.ReleaseHeldAfter, cancellationToken);
        await log.MarkAsync(now, position, o.MarkEvery, Lookback() + o.ReplaySlack + o.MarkEvery, cancellationToken);
        await adjuster.ApplyUnappliedAsync(AdjustmentGrace, cancellationToken);
        var report = new ScanReport(replayed, read, tally.Findings, tally.Opened, tally.Updated, tally.Held, tally.Released);
        if (read > 0 || tally.Findings > 0 || tally.Released > 0)
        {
            LogScan(report.VotesRead, report.Findings, report.CasesOpened, report.CasesUpdated, report.VotesHeld, report.VotesReleased);
        }
        return report;
    }

    /// <summary>
    /// A detector's finding becomes or grows a case; at or above the hold severity its case's counted votes are held
    /// pending and, while the finding is ongoing, the candidate goes into hold mode (further risky votes held on the hot path).
    /// </summary>
    private async Task UpsertAsync(Finding finding, IReadOnlyList<OpenCampaign> open, DateTimeOffset now, Tally tally, CancellationToken cancellationToken)
    {
        var threshold = options.Value.HoldSeverity;
        var hold = finding.Severity >= threshold;
        var reason = hold
            ? string.Create(CultureInfo.InvariantCulture, $"自动暂缓：检测器 {finding.Detector} 的发现严重度 {finding.Severity:F2}，达到暂缓阈值 {threshold:F2}，待审核。")
            : null;
        var upsert = await cases.UpsertAsync(finding, holdReason: reason, cancellationToken: cancellationToken);
        tally.Add(upsert);
        if (hold && upsert.Change != CaseChange.Ignored && !IsClosed(finding) && open.FirstOrDefault(c => c.Id == finding.CampaignId) is { } campaign)
        {
            await surge.ContainAsync(campaign, finding.CandidateId, now);
        }
    }

    /// <summary>A detector reports an ended finding once more with <c>evidence.closed = true</c>: no reason to contain any longer.</summary>
    private static bool IsClosed(Finding finding) =>
        finding.Evidence["closed"] is JsonValue value && value.TryGetValue<bool>(out var closed) && closed;

    /// <summary>Feeds every detector the votes of its own lookback that were read before the stored checkpoint.</summary>
    private async Task<(LogPosition Position, int Replayed)> ReplayAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var checkpoint = await log.CheckpointAsync(cancellationToken);
        if (checkpoint is not { } upTo)
        {
            return (LogPosition.Start, 0); // first run: the whole log is new
        }
        var position = await log.ReplayStartAsync(now - Lookback() - options.Value.ReplaySlack, cancellationToken);
        var replayed = 0;
        while (position < upTo)
        {
            var votes = await log.ReadAsync(position, upTo, options.Value.PageSize, cancellationToken);
            if (votes.Count == 0)
            {
                break;
            }
            replayed += Feed(votes, now, replay: true);
            position = votes[^1].Position;
        }
        LogReplayed(replayed);
        return (upTo, replayed);
    }

    private TimeSpan Lookback() => _detectors.Count == 0 ? TimeSpan.Zero : _detectors.Max(d => d.Lookback);

    /// <summary>Feeds a page to every detector (on replay only the votes within its lookback); returns the votes fed.</summary>
    private int Feed(IReadOnlyList<LogVote> votes, DateTimeOffset now, bool replay)
    {
        var events = votes.Select(v => v.ToEvent()).ToList();
        var fed = 0;
        foreach (var detector in _detectors)
        {
            var since = replay ? now - detector.Lookback : DateTimeOffset.MinValue;
            try
            {
                foreach (var vote in events)
                {
                    if (vote.At >= since)
                    {
                        detector.Observe(vote);
                        fed++;
                    }
                }
            }
            catch (Exception ex)
            {
                // One broken detector must not blind the others; it misses the rest of this page.
                LogDetectorFailed(ex, detector.Name);
            }
        }
        return _detectors.Count == 0 ? 0 : fed / _detectors.Count;
    }

    private IReadOnlyList<Finding> Evaluate(IVoteDetector detector, DateTimeOffset now)
    {
        try
        {
            return detector.Evaluate(now);
        }
        catch (Exception ex)
        {
            LogDetectorFailed(ex, detector.Name);
            return [];
        }
    }

    /// <summary>
    /// Votes the script held pending join their candidate's open surge case, where reviewers decide on them. Without one
    /// (hold mode after a detector's case, or a surge case already closed) they wait unassigned: a detector claims them
    /// or they are released (<see cref="HeldVoteRelease"/>); a case of their own would only be a case of honest votes
    /// for a reviewer to dismiss.
    /// </summary>
    private static IEnumerable<Finding> HeldFindings(IReadOnlyList<LogVote> votes) =>
        votes.Where(v => v.Status == VoteReviewStatus.Pending)
            .GroupBy(v => (v.CampaignId, v.CandidateId))
            .Select(g => new Finding(SurgeMonitor.Detector, g.Key.CampaignId, g.Key.CandidateId, 0.5,
                g.Min(v => v.At), g.Max(v => v.At), g.Select(v => v.Receipt).ToList(),
                "激增模式下暂缓计入的投票，待审核。", new JsonObject()));

    private sealed class Tally
    {
        public int Findings { get; private set; }
        public int Opened { get; private set; }
        public int Updated { get; private set; }
        public long Held { get; private set; }
        public long Released { get; set; }

        public void Add(CaseUpsert upsert)
        {
            Findings++;
            Opened += upsert.Change == CaseChange.Opened ? 1 : 0;
            Updated += upsert.Change == CaseChange.Updated ? 1 : 0;
            Held += upsert.Held;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scan: {Votes} votes read, {Findings} findings, {Opened} cases opened, {Updated} updated, {Held} votes held, {Released} released")]
    private partial void LogScan(int votes, int findings, int opened, int updated, long held, long released);

    [LoggerMessage(Level = LogLevel.Information, Message = "Detector host started: {Votes} votes of the detectors' lookback replayed")]
    private partial void LogReplayed(int votes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Detector {Detector} failed; the other detectors go on")]
    private partial void LogDetectorFailed(Exception exception, string detector);
}
