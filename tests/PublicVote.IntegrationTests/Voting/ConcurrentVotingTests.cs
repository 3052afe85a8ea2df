using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Dapper;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Organizers;
using PublicVote.Api.Features.Voting;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Voting;

public sealed class ConcurrentVotingTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    private const int Voters = 1000;
    private const int DailyLimit = 3;

    [Fact]
    public async Task ThousandVotersWithRetriesAndDuplicatesAreEachCountedExactlyOnceInRedisAndPostgres()
    {
        var campaign = await factory.CreateCampaignAsync(new CampaignSpec { DailyLimit = DailyLimit, Candidates = 6, Shards = 2 });
        var client = factory.CreateClient();
        var c = campaign.CandidateIds;
        var expected = c.ToDictionary(id => id, _ => 0L);
        var requests = new List<(int Voter, long Candidate, string Key)>();
        for (var v = 0; v < Voters; v++)
        {
            long[] picks = [c[v % 6], c[(v + 1) % 6], c[(v + 3) % 6]];
            foreach (var pick in picks)
            {
                expected[pick]++;
                var key = $"k-{v}-{pick}";
                // The vote, two retries with the same key, and a duplicate with a fresh key.
                requests.AddRange([(v, pick, key), (v, pick, key), (v, pick, key), (v, pick, key + "-dup")]);
            }
        }
        var sessions = Enumerable.Range(0, Voters).Select(v => factory.SessionFor($"voter-{v}", campaign.Id)).ToArray();
        var shuffled = requests.OrderBy(_ => Random.Shared.Next()).ToArray();
        var receipts = new ConcurrentBag<(int Voter, long Candidate, string Key, string Receipt)>();

        await Parallel.ForEachAsync(shuffled, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (r, _) =>
        {
            using var response = await factory.VoteAsync(client, campaign.Id, r.Candidate, sessions[r.Voter], r.Key);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var receipt = (await response.Content.ReadFromJsonAsync<VoteReceipt>())!;
                receipts.Add((r.Voter, r.Candidate, r.Key, receipt.Receipt));
            }
            else
            {
                await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "already-voted-for-candidate");
            }
        });

        // One receipt per (voter, candidate); every answer to the same key carries the same receipt.
        foreach (var pair in receipts.GroupBy(r => (r.Voter, r.Candidate)))
        {
            Assert.Single(pair.Select(r => r.Receipt).Distinct());
        }
        Assert.Equal(Voters * DailyLimit, receipts.Select(r => r.Receipt).Distinct().Count());

        // A fourth candidate is over the daily limit for everyone.
        await Parallel.ForEachAsync(Enumerable.Range(0, Voters), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (v, _) =>
        {
            using var response = await factory.VoteAsync(client, campaign.Id, c[(v + 2) % 6], sessions[v]);
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "daily-limit-reached");
        });

        var live = await TotalsAsync(campaign.Id);
        Assert.Equal(expected, live.Candidates.ToDictionary(t => t.CandidateId, t => t.Votes));

        await factory.DrainAsync();

        await using var db = await factory.Db.OpenConnectionAsync();
        var stored = (await db.QueryAsync<(long Candidate, long Votes)>(
            "SELECT candidate_id, count(*) FROM votes WHERE campaign_id = @Id GROUP BY candidate_id", new { campaign.Id }))
            .ToDictionary(r => r.Candidate, r => r.Votes);
        Assert.Equal(expected, stored);
        var duplicates = await db.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM (SELECT 1 FROM votes WHERE campaign_id = @Id
                                  GROUP BY voter_openid, candidate_id, vote_day HAVING count(*) > 1) d
            """, new { campaign.Id });
        Assert.Equal(0, duplicates);
        var storedReceipts = (await factory.StoredReceiptsAsync(campaign.Id)).ToHashSet();
        Assert.True(storedReceipts.SetEquals(receipts.Select(r => r.Receipt)), "every receipt given out is a stored vote, and nothing else is");

        var afterDrain = await TotalsAsync(campaign.Id, waitForFreshCache: true);
        Assert.Equal(new FlushState(Voters * DailyLimit, Voters * DailyLimit, 0, 0, 0), afterDrain.Flush);
        Assert.All(afterDrain.Candidates, t => Assert.Equal(t.Votes, t.FlushedVotes));
    }

    private async Task<CampaignTotals> TotalsAsync(long campaignId, bool waitForFreshCache = false)
    {
        if (waitForFreshCache)
        {
            factory.Clock.Advance(TimeSpan.FromSeconds(2)); // past the totals cache
        }
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaignId);
        using var response = await organizer.GetAsync($"/api/admin/campaigns/{campaignId}/totals");
        return await ProblemAssert.IsOkAsync<CampaignTotals>(response);
    }
}
