using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.AntiFraud.Detection;
using PublicVote.Api.Features.AntiFraud.Host;
using PublicVote.Api.Features.AntiFraud.Review;
using PublicVote.Api.Features.AntiFraud.Surge;
using PublicVote.Api.Features.Audit;
using PublicVote.IntegrationTests.Infrastructure;
using static PublicVote.IntegrationTests.AntiFraud.AntiFraudTestKit;

namespace PublicVote.IntegrationTests.AntiFraud;

/// <summary>The API with the host's default hold policy (AntiFraud:Host:HoldSeverity 0.6, ReleaseHeldAfter 1 h).</summary>
public sealed class HoldPolicyFactory() : AntiFraudFactory(settings => settings.Remove("AntiFraud:Host:HoldSeverity"));

/// <summary>
/// The detector host's hold policy: a severe finding holds its case's counted votes pending (once, audited, live
/// counters adjusted once) and puts the candidate in hold mode; votes surge mode held that no case claims are
/// released after the window, also across a restart; votes in an open case wait for the reviewer.
/// </summary>
public sealed class HoldPolicyTests(HoldPolicyFactory factory) : IClassFixture<HoldPolicyFactory>
{
    private static readonly DateTimeOffset Now = TestCampaigns.DefaultNow;

    [Fact]
    public async Task ACaseAboveTheThresholdHoldsItsCountedVotesOnceAndContainsTheCandidate()
    {
        var (campaign, target, burst) = await BurstAsync("hold");
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);
        Assert.Equal((15, 0), Live(await TotalOfAsync(factory, organizer, campaign.Id, target)));

        await factory.ScanAsync();
        using var reviewer = await factory.AdminClientAsync(Roles.Reviewer, campaign.Id);
        var held = Assert.Single((await CasesAsync(reviewer, campaign.Id)).Items);
        Assert.Equal(("test-burst", new VoteStatusCounts(0, 12, 0, 0)), (held.Detector, held.Votes));
        await AssertTotalsAsync(organizer, campaign.Id, target, tallied: 3, pending: 12);

        // The detector reports the burst again every scan: nothing is held (or counted off) twice.
        var scannedAt = factory.Clock.GetUtcNow();
        await factory.ScanAsync();
        await factory.ScanAsync();
        await AssertTotalsAsync(organizer, campaign.Id, target, tallied: 3, pending: 12);
        var audit = await AuditAsync(campaign.Id, "fraud.votes.hold");
        var entry = Assert.Single(audit.Items);
        Assert.Equal(("system", "fraud_case", $"{held.Id}"), (entry.ActorName, entry.TargetType, entry.TargetId));
        Assert.Equal(burst.Order(StringComparer.Ordinal), entry.After!.Value.GetProperty("receipts").EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal));

        // Hold mode: the candidate's further risky votes are held on the hot path at once; other candidates' are not.
        var flag = (await factory.Services.GetRequiredService<SurgeStore>().FlagsAsync(campaign.Id))[target];
        Assert.Equal(scannedAt.AddMinutes(15), flag.Until);
        await CastAsync(factory, campaign.Id, target, ["hold-late"]);
        await CastAsync(factory, campaign.Id, campaign.CandidateIds[0], ["hold-elsewhere"]);
        Assert.Equal("pending", Assert.Single(await StoredVotesAsync(factory, campaign.Id, "hold-late")).Status);
        Assert.Equal("counted", Assert.Single(await StoredVotesAsync(factory, campaign.Id, "hold-elsewhere")).Status);
        await AssertTotalsAsync(organizer, campaign.Id, target, tallied: 3, pending: 13);
    }

    [Fact]
    public async Task DismissingAHeldCaseCountsItsVotesAgainAndVoidingKeepsThemOut()
    {
        var (campaign, target, _) = await BurstAsync("dismiss");
        var (other, otherTarget, _) = await BurstAsync("void");
        await factory.ScanAsync();
        using var reviewer = await factory.AdminClientAsync(Roles.Reviewer, campaign.Id);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);
        var held = Assert.Single((await CasesAsync(reviewer, campaign.Id)).Items);

        var dismissed = await ProblemAssert.IsOkAsync<CaseActionResult>(await ActAsync(reviewer, campaign.Id, held.Id, "dismiss", "单位组织的正常投票"));
        Assert.Equal((12L, new VoteStatusCounts(0, 0, 0, 12)), (dismissed.Changed, dismissed.Votes));
        await AssertTotalsAsync(organizer, campaign.Id, target, tallied: 15, pending: 0);

        using var otherReviewer = await factory.AdminClientAsync(Roles.Reviewer, other.Id);
        using var otherOrganizer = await factory.AdminClientAsync(Roles.Organizer, other.Id);
        var otherCase = Assert.Single((await CasesAsync(otherReviewer, other.Id)).Items);
        await ProblemAssert.IsOkAsync<CaseActionResult>(await ActAsync(otherReviewer, other.Id, otherCase.Id, "void", "刷票"));
        await AssertTotalsAsync(otherOrganizer, other.Id, otherTarget, tallied: 3, pending: 0);
    }

    [Fact]
    public async Task VoidingSomeOfAHeldCasesVotesKeepsItOpenUntilNoneIsHeld()
    {
        var (campaign, target, burst) = await BurstAsync("partial");
        await factory.ScanAsync();
        using var reviewer = await factory.AdminClientAsync(Roles.Reviewer, campaign.Id);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);
        var held = Assert.Single((await CasesAsync(reviewer, campaign.Id)).Items);

        var voided = await ProblemAssert.IsOkAsync<CaseActionResult>(await ActAsync(reviewer, campaign.Id, held.Id, "void", "刷票账号", burst.Take(5)));
        Assert.Equal(("open", 5L, new VoteStatusCounts(0, 7, 5, 0)), (voided.Status, voided.Changed, voided.Votes));
        Assert.Equal(held.Id, Assert.Single((await CasesAsync(reviewer, campaign.Id)).Items).Id);
        await AssertTotalsAsync(organizer, campaign.Id, target, tallied: 3, pending: 7);

        var restored = await ProblemAssert.IsOkAsync<CaseActionResult>(await ActAsync(reviewer, campaign.Id, held.Id, "restore", "其余为真实选民", burst.Skip(5)));
        Assert.Equal(("actioned", 7L, new VoteStatusCounts(0, 0, 5, 7)), (restored.Status, restored.Changed, restored.Votes));
        Assert.Empty((await CasesAsync(reviewer, campaign.Id)).Items);
        await AssertTotalsAsync(organizer, campaign.Id, target, tallied: 10, pending: 0);
    }

    [Fact]
    public async Task AFindingBelowTheThresholdOpensACaseButHoldsNothing()
    {
        var (campaign, target, _) = await BurstAsync("mild");
        factory.Detector.Severity = 0.5;
        try
        {
            await factory.ScanAsync();
        }
        finally
        {
            factory.Detector.Severity = 0.8;
        }
        using var reviewer = await factory.AdminClientAsync(Roles.Reviewer, campaign.Id);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);
        Assert.Equal(new VoteStatusCounts(12, 0, 0, 0), Assert.Single((await CasesAsync(reviewer, campaign.Id)).Items).Votes);
        await AssertTotalsAsync(organizer, campaign.Id, target, tallied: 15, pending: 0);
        Assert.False((await factory.Services.GetRequiredService<SurgeStore>().FlagsAsync(campaign.Id)).ContainsKey(target));
    }

    [Fact]
    public async Task VotesSurgeModeHeldThatNoCaseClaimsAreReleasedAfterTheWindowExactlyOnce()
    {
        var (campaign, target) = await SurgeAsync();
        await CastAsync(factory, campaign.Id, target, Voters("surge-", 3));
        await factory.DrainAsync();
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);
        await factory.ScanAsync();
        await AssertTotalsAsync(organizer, campaign.Id, target, tallied: 0, pending: 3);

        factory.Clock.Set(Now.AddMinutes(59));
        await factory.ScanAsync();
        await AssertTotalsAsync(organizer, campaign.Id, target, tallied: 0, pending: 3);

        factory.Clock.Set(Now.AddMinutes(61));
        await factory.ScanAsync();
        await factory.ScanAsync();
        await AssertTotalsAsync(organizer, campaign.Id, target, tallied: 3, pending: 0);
        Assert.All(await StoredVotesAsync(factory, campaign.Id, "surge-0"), v => Assert.Equal("counted", v.Status));
        var entry = Assert.Single((await AuditAsync(campaign.Id, "fraud.votes.release")).Items);
        Assert.Equal(("system", "candidate", $"{target}", 3), (entry.ActorName, entry.TargetType, entry.TargetId, entry.After!.Value.GetProperty("changed").GetInt32()));
    }

    [Fact]
    public async Task HeldVotesInAnOpenDetectorCaseWaitForTheReviewer()
    {
        var (campaign, target) = await SurgeAsync();
        await CastAsync(factory, campaign.Id, target, Voters("claimed-", TestBurstDetector.Threshold + 2));
        await factory.DrainAsync();
        await factory.ScanAsync();
        using var reviewer = await factory.AdminClientAsync(Roles.Reviewer, campaign.Id);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);
        // The scan fed the detector every vote (CI once saw no case here: this tells a missed vote from a lost finding).
        Assert.Equal(12, factory.Detector.Observed.Count(v => v.CampaignId == campaign.Id));
        var claimed = Assert.Single((await CasesAsync(reviewer, campaign.Id)).Items, c => c.Detector == "test-burst");
        Assert.Equal(new VoteStatusCounts(0, 12, 0, 0), claimed.Votes);

        factory.Clock.Set(Now.AddHours(3));
        await factory.ScanAsync();
        await AssertTotalsAsync(organizer, campaign.Id, target, tallied: 0, pending: 12);

        await ProblemAssert.IsOkAsync<CaseActionResult>(await ActAsync(reviewer, campaign.Id, claimed.Id, "dismiss", "核实为真实选民"));
        await AssertTotalsAsync(organizer, campaign.Id, target, tallied: 12, pending: 0);
    }

    [Fact]
    public async Task ARestartedHostReleasesWhatWasHeldBeforeItAndAnInterruptedReleaseReachesRedisOnce()
    {
        var (campaign, target) = await SurgeAsync();
        await CastAsync(factory, campaign.Id, target, Voters("restart-", 4));
        await factory.DrainAsync();
        await factory.ScanAsync();

        factory.Clock.Set(Now.AddMinutes(90));
        var restarted = ActivatorUtilities.CreateInstance<FraudScanner>(factory.Services, (object)new IVoteDetector[] { new TestBurstDetector() });
        await factory.ScanAsync(restarted);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);
        await AssertTotalsAsync(organizer, campaign.Id, target, tallied: 4, pending: 0);

        // A crash after Redis was adjusted but before the rows were marked: the next host applies them again, and
        // each adjustment's marker makes that a no-op.
        await using (var db = await factory.Db.OpenConnectionAsync())
        {
            Assert.Equal(1, await db.ExecuteAsync("""
                UPDATE live_counter_adjustments SET applied_at = NULL, created_at = now() - interval '1 minute'
                 WHERE campaign_id = @Id AND counted_delta = 4 AND held_delta = -4
                """, new { campaign.Id }));
        }
        var again = ActivatorUtilities.CreateInstance<FraudScanner>(factory.Services, (object)new IVoteDetector[] { new TestBurstDetector() });
        await factory.ScanAsync(again);
        await AssertTotalsAsync(organizer, campaign.Id, target, tallied: 4, pending: 0);
        Assert.Equal((4L, 0L), await RedisCountersAsync(campaign.Id, target));
        Assert.Single((await AuditAsync(campaign.Id, "fraud.votes.release")).Items);
    }

    /// <summary>3 honest votes half an hour ago, 4 for another candidate, then 12 fresh ones in one minute: flushed, not scanned.</summary>
    private async Task<(TestCampaign Campaign, long Target, List<string> Burst)> BurstAsync(string tag)
    {
        var campaign = await factory.CreateCampaignAsync(new CampaignSpec { ShowLiveCounts = true });
        var target = campaign.CandidateIds[1];
        factory.Clock.Set(Now.AddMinutes(-30));
        await CastAsync(factory, campaign.Id, target, Voters($"{tag}-honest-", 3));
        await CastAsync(factory, campaign.Id, campaign.CandidateIds[0], Voters($"{tag}-other-", 4));
        factory.Clock.Set(Now);
        var burst = await CastAsync(factory, campaign.Id, target, Voters($"{tag}-farm-", 12));
        await factory.DrainAsync();
        return (campaign, target, burst);
    }

    /// <summary>A campaign whose candidate is in surge mode for 10 minutes from <see cref="Now"/>.</summary>
    private async Task<(TestCampaign Campaign, long Target)> SurgeAsync()
    {
        var campaign = await factory.CreateCampaignAsync(new CampaignSpec { ShowLiveCounts = true });
        var target = campaign.CandidateIds[2];
        factory.Clock.Set(Now);
        await factory.Services.GetRequiredService<SurgeStore>().SetAsync(campaign.Id, 1, target, new SurgeFlag(Now.AddMinutes(10), Now));
        return (campaign, target);
    }

    private static (long Votes, long Pending) Live(Api.Features.Organizers.CandidateTotal total) => (total.Votes, total.PendingReview);

    /// <summary>Live (Redis) and flushed (PostgreSQL) totals agree on the tally and the votes pending review.</summary>
    private async Task AssertTotalsAsync(HttpClient organizer, long campaignId, long candidateId, long tallied, long pending)
    {
        var live = await TotalOfAsync(factory, organizer, campaignId, candidateId);
        Assert.Equal((tallied, pending), (live.Votes, live.PendingReview));
        await using var db = await factory.Db.OpenConnectionAsync();
        var flushed = await db.QuerySingleAsync<(long, long)>(
            "SELECT votes, pending FROM vote_totals WHERE campaign_id = @campaignId AND candidate_id = @candidateId", new { campaignId, candidateId });
        Assert.Equal((tallied, pending), flushed);
    }

    private async Task<(long Counted, long Held)> RedisCountersAsync(long campaignId, long candidateId) =>
        ((long)await factory.Redis.HashGetAsync(factory.Keys.Counters(campaignId, 0), candidateId),
         (long)await factory.Redis.HashGetAsync(factory.Keys.Held(campaignId, 0), candidateId));

    private async Task<AuditPage> AuditAsync(long campaignId, string action)
    {
        using var admin = await factory.AdminClientAsync(Roles.Admin);
        return await ProblemAssert.IsOkAsync<AuditPage>(await admin.GetAsync($"/api/admin/audit?campaignId={campaignId}&action={action}"));
    }
}
