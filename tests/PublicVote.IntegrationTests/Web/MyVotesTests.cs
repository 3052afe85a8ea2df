using System.Net;
using System.Text.Json;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Web;

/// <summary>"All my receipts": the voter's stored votes, newest first, only their own.</summary>
public sealed class MyVotesTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task AVoterSeesTheReceiptsOfTheirStoredVotesAndNobodyElses()
    {
        var campaign = await factory.CreateCampaignAsync();
        var mine = factory.SessionFor("receipts-me", campaign.Id);
        var receipts = new List<string>();
        foreach (var candidate in campaign.CandidateIds[..2])
        {
            var vote = await ProblemAssert.IsOkAsync<JsonElement>(await factory.VoteAsync(_client, campaign.Id, candidate, mine));
            receipts.Add(vote.GetProperty("receipt").GetString()!);
        }
        await factory.VoteAsync(_client, campaign.Id, campaign.CandidateIds[0], factory.SessionFor("receipts-other", campaign.Id));
        await factory.DrainAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/campaigns/{campaign.Id}/me/votes");
        request.Headers.Authorization = new("Bearer", mine);
        var list = await ProblemAssert.IsOkAsync<JsonElement>(await _client.SendAsync(request));

        var votes = list.GetProperty("votes").EnumerateArray().ToArray();
        Assert.Equal(receipts.Order(), votes.Select(v => v.GetProperty("receipt").GetString()!).Order());
        Assert.Equal(campaign.CandidateIds[..2].Order(), votes.Select(v => v.GetProperty("candidateId").GetInt64()).Order());
        Assert.Equal("2026-08-01", votes[0].GetProperty("day").GetString());
    }

    [Fact]
    public async Task WithoutASessionTheReceiptsAreRefused()
    {
        var campaign = await factory.CreateCampaignAsync();
        await ProblemAssert.IsProblemAsync(await _client.GetAsync($"/api/v1/campaigns/{campaign.Id}/me/votes"),
            HttpStatusCode.Unauthorized, "session-required");
    }
}
