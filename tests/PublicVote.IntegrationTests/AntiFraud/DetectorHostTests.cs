using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.Api.Features.AntiFraud.Detection;
using PublicVote.Api.Features.AntiFraud.Host;
using PublicVote.IntegrationTests.Infrastructure;
using static PublicVote.IntegrationTests.AntiFraud.AntiFraudTestKit;

namespace PublicVote.IntegrationTests.AntiFraud;

/// <summary>Issue 8 item 3: the detector host reads the vote log incrementally, never skips a late commit, and replays lookbacks on restart.</summary>
public sealed class DetectorHostTests(AntiFraudFactory factory) : IClassFixture<AntiFraudFactory>
{
    [Fact]
    public async Task EveryVoteIsFedOnceWithItsSignalsAndAVoteCommittedLateIsNotSkipped()
    {
        var campaign = await factory.CreateCampaignAsync();
        factory.Clock.Set(TestCampaigns.DefaultNow);
        await factory.ScanAsync();
        await using var slow = await factory.Db.OpenConnectionAsync();
        await using var slowFlush = await slow.BeginTransactionAsync();
        await slow.ExecuteAsync("""
            INSERT INTO votes (campaign_id, shard, stream_ms, stream_seq, candidate_id, voter_openid, voted_at, vote_day, voter_key, ip_prefix)
            VALUES (@Id, 0, 1, 0, @candidate, 'late-voter', @at, '2026-08-01', 'late-key', '192.0.2.0/24')
            """, new { campaign.Id, candidate = campaign.CandidateIds[0], at = TestCampaigns.DefaultNow.UtcDateTime }, slowFlush);
        var receipts = await CastAsync(factory, campaign.Id, campaign.CandidateIds[1], Voters("log-", 3));
        await factory.DrainAsync();

        await factory.Scanner.RunOnceAsync();
        Assert.DoesNotContain(Fed(campaign.Id), v => v.VoterKey == "late-key");
        await slowFlush.CommitAsync();
        await factory.ScanAsync();
        await factory.ScanAsync();

        var fed = Fed(campaign.Id);
        Assert.Equal(receipts.Append($"{campaign.Id}-0-1-0").Order(StringComparer.Ordinal), fed.Select(v => v.Receipt).Order(StringComparer.Ordinal));
        var late = Assert.Single(fed, v => v.VoterKey == "late-key");
        Assert.Equal(("192.0.2.0/24", campaign.CandidateIds[0], TestCampaigns.DefaultNow), (late.IpPrefix, late.CandidateId, late.At));
        Assert.All(fed.Where(v => v != late), v => Assert.Equal((16, "", (int?)null), (v.VoterKey.Length, v.IpPrefix, v.DwellMs)));
    }

    [Fact]
    public async Task ARestartedHostReplaysEachDetectorsLookbackAndThenReadsOnFromTheCheckpoint()
    {
        var campaign = await factory.CreateCampaignAsync();
        factory.Clock.Set(TestCampaigns.DefaultNow.AddHours(-2));
        var old = await CastAsync(factory, campaign.Id, campaign.CandidateIds[0], Voters("old-", 2));
        await factory.DrainAsync();
        await factory.ScanAsync();
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var recent = await CastAsync(factory, campaign.Id, campaign.CandidateIds[0], Voters("recent-", 3));
        await factory.DrainAsync();
        await factory.ScanAsync();

        var restartedDetector = new TestBurstDetector();
        var restarted = Restarted(restartedDetector);
        var report = await factory.ScanAsync(restarted);
        Assert.True(report.Replayed >= recent.Count, $"{report}");
        var replayed = restartedDetector.Observed.Where(v => v.CampaignId == campaign.Id).Select(v => v.Receipt).ToList();
        Assert.Equal(recent.Order(StringComparer.Ordinal), replayed.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(old[0], replayed);

        var later = await CastAsync(factory, campaign.Id, campaign.CandidateIds[0], Voters("later-", 2));
        await factory.DrainAsync();
        await factory.ScanAsync(restarted);
        Assert.Equal(recent.Concat(later).Order(StringComparer.Ordinal),
            restartedDetector.Observed.Where(v => v.CampaignId == campaign.Id).Select(v => v.Receipt).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ADetectorThatThrowsDoesNotStopTheOthers()
    {
        var campaign = await factory.CreateCampaignAsync();
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var healthy = new TestBurstDetector();
        var scanner = ActivatorUtilities.CreateInstance<FraudScanner>(factory.Services, (object)new IVoteDetector[] { new ThrowingDetector(), healthy });
        var receipts = await CastAsync(factory, campaign.Id, campaign.CandidateIds[3], Voters("brittle-", TestBurstDetector.Threshold));
        await factory.DrainAsync();
        await factory.ScanAsync(scanner);
        Assert.Equal(receipts.Order(StringComparer.Ordinal), healthy.Observed.Where(v => v.CampaignId == campaign.Id).Select(v => v.Receipt).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ACounterAdjustmentLeftUnappliedIsAppliedByTheHostExactlyOnce()
    {
        var campaign = await factory.CreateCampaignAsync();
        var candidate = campaign.CandidateIds[4];
        await factory.Redis.HashSetAsync(factory.Keys.Counters(campaign.Id, 0), candidate, 10);
        await using (var db = await factory.Db.OpenConnectionAsync())
        {
            await db.ExecuteAsync("""
                INSERT INTO live_counter_adjustments (campaign_id, shard, candidate_id, counted_delta, held_delta, created_at)
                VALUES (@Id, 0, @candidate, -3, 2, now() - interval '1 minute')
                """, new { campaign.Id, candidate });
        }
        await factory.ScanAsync();
        await factory.ScanAsync();
        Assert.Equal(7, (long)await factory.Redis.HashGetAsync(factory.Keys.Counters(campaign.Id, 0), candidate));
        Assert.Equal(2, (long)await factory.Redis.HashGetAsync(factory.Keys.Held(campaign.Id, 0), candidate));

        // Applied in Redis but not marked in PostgreSQL (a crash between the two): the marker key stops a second apply.
        await using (var db = await factory.Db.OpenConnectionAsync())
        {
            await db.ExecuteAsync("UPDATE live_counter_adjustments SET applied_at = NULL WHERE campaign_id = @Id", new { campaign.Id });
        }
        await factory.ScanAsync();
        Assert.Equal(7, (long)await factory.Redis.HashGetAsync(factory.Keys.Counters(campaign.Id, 0), candidate));
    }

    private List<VoteEvent> Fed(long campaignId) => factory.Detector.Observed.Where(v => v.CampaignId == campaignId).ToList();

    private FraudScanner Restarted(TestBurstDetector detector) =>
        ActivatorUtilities.CreateInstance<FraudScanner>(factory.Services, (object)new IVoteDetector[] { detector });

    private sealed class ThrowingDetector : IVoteDetector
    {
        public string Name => "throws";

        public TimeSpan Lookback => TimeSpan.FromMinutes(5);

        public void Observe(VoteEvent vote) => throw new InvalidOperationException("broken detector");

        public IReadOnlyList<Finding> Evaluate(DateTimeOffset now) => throw new InvalidOperationException("broken detector");
    }
}
