using Dapper;
using PublicVote.IntegrationTests.Infrastructure;
using PublicVote.LoadTests;
using PublicVote.LoadTests.Correctness;
using PublicVote.LoadTests.Engine;
using PublicVote.LoadTests.Reporting;
using PublicVote.LoadTests.Scenarios;

namespace PublicVote.IntegrationTests.LoadTests;

/// <summary>
/// The load tool's engine driven in-process against the API on the test server (its HttpClient), with the real
/// Redis and PostgreSQL: a tiny bounded run, the flusher drained explicitly, then the tool's correctness check.
/// </summary>
public sealed class LoadToolTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    private static readonly TimeSpan Forever = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task ATinyVoteOnlyRunFindsExactlyItsVotesInPostgres()
    {
        var (run, campaign) = await NewRunAsync("vote-only", arrivals: 40);

        var report = await RunAndCheckAsync(run);

        Assert.True(report.Correctness.Passed, report.Correctness.Verdict);
        Assert.Equal(0, report.Correctness.Lost);
        Assert.Equal(0, report.Correctness.Extra);
        Assert.Equal(40, report.Correctness.AcceptedVotes);
        Assert.Equal(40, report.Correctness.StoredVotes);
        Assert.Equal(0, report.ErrorCount);
        Assert.Equal(0, report.ExitCode);
        Assert.Equal(new Dictionary<string, long> { ["200"] = 40 }, report.StatusCodes);
        Assert.Equal(40, report.Latency.Count);
        Assert.All(report.Correctness.Candidates, c => Assert.Equal(8, c.Accepted));
        Assert.Equal(campaign.Candidates.Count, report.Correctness.Candidates.Count);
    }

    [Fact]
    public async Task TheCheckFailsWhenAVoteIsMissingFromPostgresOrOneTooMany()
    {
        var (run, _) = await NewRunAsync("vote-only", arrivals: 10);
        var passed = await RunAndCheckAsync(run);
        Assert.True(passed.Correctness.Passed, passed.Correctness.Verdict);
        var victim = passed.Correctness.Candidates[0].CandidateId;

        await using (var db = await factory.Db.OpenConnectionAsync())
        {
            await db.ExecuteAsync("""
                DELETE FROM votes WHERE (campaign_id, shard, stream_ms, stream_seq) IN
                    (SELECT campaign_id, shard, stream_ms, stream_seq FROM votes WHERE campaign_id = @id AND candidate_id = @victim LIMIT 1)
                """, new { id = passed.CampaignId, victim });
        }
        var lost = await CorrectnessCheck.RunAsync(factory.Db, run.Accepted, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(300));
        Assert.False(lost.Passed);
        Assert.Equal(1, lost.Lost);
        Assert.Equal(0, lost.Extra);
        Assert.StartsWith("CORRECTNESS FAILED: 1 lost", lost.Verdict);
        Assert.Contains(lost.Candidates, c => c.CandidateId == victim && !c.Matches);
        Assert.Equal(1, (passed with { Correctness = lost }).ExitCode);

        await using (var db = await factory.Db.OpenConnectionAsync())
        {
            await db.ExecuteAsync("""
                INSERT INTO votes (campaign_id, shard, stream_ms, stream_seq, candidate_id, voter_openid, voted_at, vote_day)
                VALUES (@id, 0, 1, 0, @victim, 'never-accepted', now(), current_date)
                """, new { id = passed.CampaignId, victim });
        }
        var extra = await CorrectnessCheck.RunAsync(factory.Db, run.Accepted, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(300));
        Assert.False(extra.Passed);
        Assert.Equal(1, extra.Lost);
        Assert.Equal(1, extra.Extra);
        Assert.Equal([$"{passed.CampaignId}-0-1-0"], extra.ExtraSample);
    }

    [Fact]
    public async Task ACitizenJourneyCountsProvokedRefusalsAsExpectedAndStaysCorrect()
    {
        var settings = new ScenarioSettings(ZipfExponent: 1.1, RetryShare: 0.5, DuplicateShare: 0.5, LimitShare: 0.3);
        var (run, _) = await NewRunAsync("citizen-journey", arrivals: 30, settings);

        var report = await RunAndCheckAsync(run);

        Assert.True(report.Correctness.Passed, report.Correctness.Verdict);
        var steps = report.Steps.ToDictionary(s => s.Name);
        foreach (var vote in new[] { "vote", "vote-retry", "vote-duplicate", "vote-over-limit", "me" })
        {
            Assert.Equal(0, steps[vote].Errors);
        }
        Assert.True(steps["vote-retry"].Ok > 0, "some votes were retried and replayed their receipt");
        Assert.True(steps["vote-duplicate"].Expected > 0, "duplicates were refused as expected");
        Assert.True(steps["vote-over-limit"].Expected > 0, "over-limit votes were refused as expected");
        Assert.Equal(steps["vote-duplicate"].Count + steps["vote-over-limit"].Count, report.ExpectedRefusals);
        // The public read routes come with another issue: until then they must show up as errors (404), loudly.
        foreach (var read in new[] { "campaign", "candidates", "candidate" })
        {
            Assert.Equal(30, steps[read].Count);
            if (steps[read].Errors > 0)
            {
                Assert.Contains(report.Errors.Keys, k => k.StartsWith($"{read}: HTTP 404", StringComparison.Ordinal));
                Assert.Equal(3, report.ExitCode);
            }
        }
        Assert.Equal(report.Correctness.AcceptedVotes, report.Steps.Where(s => s.Name is "vote").Sum(s => s.Ok));
    }

    private async Task<(LoadRun Run, LoadCampaignInfo Campaign)> NewRunAsync(string scenario, int arrivals, ScenarioSettings? settings = null)
    {
        var campaign = await LoadCampaign.CreateAsync(factory.Db, new LoadCampaignSpec { Candidates = 5, Categories = 2, DailyVoteLimit = 3 }, factory.Clock.GetUtcNow());
        var sessions = Enumerable.Range(0, arrivals).Select(i => factory.SessionFor($"lt-{campaign.Id}-{i}", campaign.Id)).ToArray();
        var http = factory.CreateClient();
        var schedule = new ArrivalSchedule([RatePhase.Constant("plateau", TimeSpan.FromSeconds(arrivals / 20.0), 20)]);
        var run = new LoadRun(new LoadRunSetup(scenario, schedule, new RunLimits(arrivals, Forever, 64, TimeSpan.FromSeconds(60)),
            http, http.BaseAddress!, factory.Db, campaign, sessions, settings ?? new ScenarioSettings(), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)));
        return (run, campaign);
    }

    private async Task<RunReport> RunAndCheckAsync(LoadRun run)
    {
        var outcome = await run.InjectAsync(CancellationToken.None);
        await factory.DrainAsync();
        return run.Summarise(outcome, await run.CheckAsync(CancellationToken.None));
    }
}
