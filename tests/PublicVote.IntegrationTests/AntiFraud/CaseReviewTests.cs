using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.AntiFraud.Review;
using PublicVote.Api.Features.Audit;
using PublicVote.Api.Features.Campaigns;
using PublicVote.IntegrationTests.Infrastructure;
using static PublicVote.IntegrationTests.AntiFraud.AntiFraudTestKit;

namespace PublicVote.IntegrationTests.AntiFraud;

/// <summary>Issue 8 item 5: an injected burst becomes a case; voiding changes the totals (live and flushed); restoring brings them back; both are audited.</summary>
public sealed class CaseReviewTests(AntiFraudFactory factory) : IClassFixture<AntiFraudFactory>
{
    private async Task<(TestCampaign Campaign, long Target, List<string> Burst, CaseSummary Case)> BurstCaseAsync(string tag)
    {
        var campaign = await factory.CreateCampaignAsync(new CampaignSpec { ShowLiveCounts = true });
        var target = campaign.CandidateIds[1];
        factory.Clock.Set(TestCampaigns.DefaultNow.AddMinutes(-30));
        await CastAsync(factory, campaign.Id, target, Voters($"{tag}-honest-", 3));
        await CastAsync(factory, campaign.Id, campaign.CandidateIds[0], Voters($"{tag}-other-", 4));
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var burst = await CastAsync(factory, campaign.Id, target, Voters($"{tag}-farm-", 12));
        await factory.DrainAsync();
        await factory.ScanAsync();
        using var reviewer = await factory.AdminClientAsync(Roles.Reviewer, campaign.Id);
        var found = Assert.Single((await CasesAsync(reviewer, campaign.Id)).Items, c => c.CandidateId == target && c.Detector == "test-burst");
        return (campaign, target, burst, found);
    }

    [Fact]
    public async Task AnInjectedBurstBecomesACaseAndVoidingItChangesTotalsUntilRestoredWithBothAudited()
    {
        var (campaign, target, burst, found) = await BurstCaseAsync("flow");
        Assert.Equal(new VoteStatusCounts(12, 0, 0, 0), found.Votes);
        Assert.Equal(0.8, found.Severity);
        using var reviewer = await factory.AdminClientAsync(Roles.Reviewer, campaign.Id);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);
        Assert.Equal(15, (await TotalOfAsync(factory, organizer, campaign.Id, target)).Votes);

        var voided = await ProblemAssert.IsOkAsync<CaseActionResult>(await ActAsync(reviewer, campaign.Id, found.Id, "void", "一分钟内 12 个新账号集中投票"));
        Assert.Equal((12, "actioned"), (voided.Changed, voided.Status));
        var afterVoid = await TotalOfAsync(factory, organizer, campaign.Id, target);
        Assert.Equal((3, 3), (afterVoid.Votes, afterVoid.FlushedVotes));
        Assert.Equal(3, await RankedVotesAsync(campaign, target));

        var restored = await ProblemAssert.IsOkAsync<CaseActionResult>(await ActAsync(reviewer, campaign.Id, found.Id, "restore", "复核：为单位组织的正常投票"));
        Assert.Equal(new VoteStatusCounts(0, 0, 0, 12), restored.Votes);
        var afterRestore = await TotalOfAsync(factory, organizer, campaign.Id, target);
        Assert.Equal((15, 15), (afterRestore.Votes, afterRestore.FlushedVotes));
        Assert.Equal(15, await RankedVotesAsync(campaign, target));

        var audit = await ProblemAssert.IsOkAsync<AuditPage>(await organizer.GetAsync($"/api/admin/audit?campaignId={campaign.Id}"));
        var entries = audit.Items.Where(i => i.TargetType == "fraud_case" && i.TargetId == found.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(["fraud.votes.restore", "fraud.votes.void"], entries.Select(e => e.Action));
        Assert.Equal("一分钟内 12 个新账号集中投票", entries[1].After!.Value.GetProperty("reason").GetString());
        Assert.Equal(burst.Order(StringComparer.Ordinal), entries[1].After!.Value.GetProperty("receipts").EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheCasePageShowsTheSeriesCompositionAndPseudonymousVotersButNoOpenIds()
    {
        var (campaign, target, _, found) = await BurstCaseAsync("detail");
        using var reviewer = await factory.AdminClientAsync(Roles.Reviewer, campaign.Id);
        var response = await reviewer.GetAsync($"{CasesUrl(campaign.Id)}/{found.Id}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("detail-farm-", text, StringComparison.Ordinal);
        Assert.DoesNotContain("detail-honest-", text, StringComparison.Ordinal);
        var detail = JsonSerializer.Deserialize<CaseDetail>(text, JsonSerializerOptions.Web)!;
        Assert.Equal(12, detail.Evidence.GetProperty("votes").GetInt32());
        var burstMinute = Assert.Single(detail.Series.Minutes, m => m.CaseVotes > 0);
        Assert.Equal((12, 12, TestCampaigns.DefaultNow), (burstMinute.Votes, burstMinute.CaseVotes, burstMinute.Minute));
        Assert.Equal(3, detail.Series.Minutes.Sum(m => m.Votes - m.CaseVotes));
        Assert.Equal(3 / CaseQueries.BaselineSpan.TotalMinutes, detail.Series.BaselinePerMinute, 6);
        Assert.Equal((12, 12, 1.0, 1.0), (detail.Burst.Votes, detail.Burst.DistinctVoters, detail.Burst.FreshShare, detail.Burst.NoTokenShare));
        Assert.Equal(3, detail.Baseline.Votes);
        Assert.Equal(12, detail.Voters.Count);
        Assert.All(detail.Voters, v => Assert.Equal((16, 1L, 1L), (v.VoterKey.Length, v.Votes, v.VotesInCampaign)));

        var votes = await ProblemAssert.IsOkAsync<CaseVotePage>(await reviewer.GetAsync($"{CasesUrl(campaign.Id)}/{found.Id}/votes?pageSize=5"));
        Assert.Equal((12L, 5), (votes.Total, votes.Items.Count));
        Assert.All(votes.Items, v => Assert.Equal(("counted", "none"), (v.Status, v.TokenState)));
        Assert.Equal(detail.Voters.Select(v => v.VoterKey).Order(), (await AllVotesAsync(reviewer, campaign.Id, found.Id)).Select(v => v.VoterKey).Order());
    }

    [Fact]
    public async Task ASelectionVoidsOnlyThoseVotesAndReceiptsOutsideTheCaseAreRefused()
    {
        var (campaign, target, burst, found) = await BurstCaseAsync("select");
        using var reviewer = await factory.AdminClientAsync(Roles.Reviewer, campaign.Id);
        await ProblemAssert.IsProblemAsync(await ActAsync(reviewer, campaign.Id, found.Id, "void", "x", [.. burst.Take(2), $"{campaign.Id}-0-1-0"]),
            HttpStatusCode.BadRequest, "votes-not-in-case");
        await ProblemAssert.IsProblemAsync(await ActAsync(reviewer, campaign.Id, found.Id, "void", "x", ["not-a-receipt"]),
            HttpStatusCode.BadRequest, "votes-not-in-case");
        var voided = await ProblemAssert.IsOkAsync<CaseActionResult>(await ActAsync(reviewer, campaign.Id, found.Id, "void", "前两票", burst.Take(2)));
        Assert.Equal(new VoteStatusCounts(10, 0, 2, 0), voided.Votes);
        var again = await ProblemAssert.IsOkAsync<CaseActionResult>(await ActAsync(reviewer, campaign.Id, found.Id, "void", "再次", burst.Take(2)));
        Assert.Equal(0, again.Changed);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);
        Assert.Equal(13, (await TotalOfAsync(factory, organizer, campaign.Id, target)).Votes);
        var stored = await AllVotesAsync(reviewer, campaign.Id, found.Id);
        Assert.Equal(burst.Take(2).Order(), stored.Where(v => v.Status == "voided").Select(v => v.Receipt).Order());
        Assert.All(stored.Where(v => v.Status == "voided"), v => Assert.Equal("前两票", v.StatusReason));
    }

    [Fact]
    public async Task OrganizersReadCasesButOnlyReviewersActAndOnlyAnAdminReopens()
    {
        var (campaign, _, _, found) = await BurstCaseAsync("roles");
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);
        using var reviewer = await factory.AdminClientAsync(Roles.Reviewer, campaign.Id);
        using var admin = await factory.AdminClientAsync(Roles.Admin);
        Assert.Single((await CasesAsync(organizer, campaign.Id)).Items);
        await ProblemAssert.IsProblemAsync(await ActAsync(organizer, campaign.Id, found.Id, "void", "x"), HttpStatusCode.Forbidden, "admin-role-required");
        await ProblemAssert.IsOkAsync<CaseActionResult>(await ActAsync(reviewer, campaign.Id, found.Id, "dismiss", "正常拉票"));
        Assert.Empty((await CasesAsync(reviewer, campaign.Id)).Items);
        Assert.Single((await CasesAsync(reviewer, campaign.Id, "dismissed")).Items);
        await ProblemAssert.IsProblemAsync(await ActAsync(reviewer, campaign.Id, found.Id, "dismiss", "again"), HttpStatusCode.Conflict, "fraud-case-conflict");
        await ProblemAssert.IsProblemAsync(await ActAsync(reviewer, campaign.Id, found.Id, "reopen", "x"), HttpStatusCode.Forbidden, "admin-role-required");
        var reopened = await ProblemAssert.IsOkAsync<CaseActionResult>(await ActAsync(admin, campaign.Id, found.Id, "reopen", "驳回错误的驳回"));
        Assert.Equal("open", reopened.Status);
        await ProblemAssert.IsProblemAsync(await reviewer.GetAsync($"{CasesUrl(campaign.Id)}/{found.Id + 100000}"), HttpStatusCode.NotFound, "fraud-case-not-found");
        var other = await factory.CreateCampaignAsync();
        using var otherReviewer = await factory.AdminClientAsync(Roles.Reviewer, other.Id);
        await ProblemAssert.IsProblemAsync(await otherReviewer.GetAsync($"{CasesUrl(other.Id)}/{found.Id}"), HttpStatusCode.NotFound, "fraud-case-not-found");
        await ProblemAssert.IsProblemAsync(await ActAsync(otherReviewer, other.Id, found.Id, "void", "x"), HttpStatusCode.NotFound, "fraud-case-not-found");
        await ProblemAssert.IsProblemAsync(await ActAsync(reviewer, campaign.Id, found.Id, "void", ""), HttpStatusCode.BadRequest, "validation-failed");
    }

    [Fact]
    public async Task EscalatingDisqualifiesTheCandidateAndAnAdminsReopenReinstatesIt()
    {
        var (campaign, target, _, found) = await BurstCaseAsync("escalate");
        using var reviewer = await factory.AdminClientAsync(Roles.Reviewer, campaign.Id);
        using var admin = await factory.AdminClientAsync(Roles.Admin);
        await ProblemAssert.IsOkAsync<CaseActionResult>(await ActAsync(reviewer, campaign.Id, found.Id, "escalate", "组织刷票，取消资格"));
        var rules = factory.Services.GetRequiredService<CampaignRulesCache>();
        await Eventually.HoldsAsync(async () => (await rules.GetAsync(campaign.Id))!.Candidates[target].Status == "disqualified", "the rules cache sees the disqualification");
        using var client = factory.CreateClient();
        await ProblemAssert.IsProblemAsync(await factory.VoteAsync(client, campaign.Id, target, factory.SessionFor("escalate-late", campaign.Id)),
            HttpStatusCode.Forbidden, "candidate-not-votable");
        await ProblemAssert.IsProblemAsync(await ActAsync(reviewer, campaign.Id, found.Id, "escalate", "again"), HttpStatusCode.Conflict, "fraud-case-conflict");

        var reopened = await ProblemAssert.IsOkAsync<CaseActionResult>(await ActAsync(admin, campaign.Id, found.Id, "reopen", "证据不足，恢复资格"));
        Assert.Equal("open", reopened.Status);
        await Eventually.HoldsAsync(async () => (await rules.GetAsync(campaign.Id))!.Candidates[target].Status == "active", "the candidate is reinstated");
        var audit = await ProblemAssert.IsOkAsync<AuditPage>(await admin.GetAsync($"/api/admin/audit?campaignId={campaign.Id}&action=fraud.case.reopen"));
        Assert.True(Assert.Single(audit.Items).After!.Value.GetProperty("extra").GetProperty("candidateReinstated").GetBoolean());
    }

    [Fact]
    public async Task AFindingReportedAgainGrowsItsOpenCaseAndADismissedOneStaysClosed()
    {
        var (campaign, target, _, found) = await BurstCaseAsync("again");
        await factory.ScanAsync();
        using var reviewer = await factory.AdminClientAsync(Roles.Reviewer, campaign.Id);
        Assert.Equal(found.Id, Assert.Single((await CasesAsync(reviewer, campaign.Id)).Items).Id);
        await CastAsync(factory, campaign.Id, target, Voters("again-more-", 3));
        await factory.DrainAsync();
        await factory.ScanAsync();
        Assert.Equal(15, Assert.Single((await CasesAsync(reviewer, campaign.Id)).Items).Votes.Counted);
        await ProblemAssert.IsOkAsync<CaseActionResult>(await ActAsync(reviewer, campaign.Id, found.Id, "dismiss", "正常"));
        await factory.ScanAsync();
        Assert.Empty((await CasesAsync(reviewer, campaign.Id)).Items);
    }

    private async Task<long> RankedVotesAsync(TestCampaign campaign, long candidateId)
    {
        using var client = factory.CreateClient();
        var ranking = await ProblemAssert.IsOkAsync<CategoryRanking>(await client.GetAsync($"/api/v1/campaigns/{campaign.Id}/ranking?categoryId={campaign.CategoryId}"));
        return ranking.Items.Single(i => i.CandidateId == candidateId).Votes;
    }

    private static async Task<List<CaseVote>> AllVotesAsync(HttpClient client, long campaignId, long caseId) =>
        (await ProblemAssert.IsOkAsync<CaseVotePage>(await client.GetAsync($"{CasesUrl(campaignId)}/{caseId}/votes?pageSize=1000"))).Items.ToList();
}
