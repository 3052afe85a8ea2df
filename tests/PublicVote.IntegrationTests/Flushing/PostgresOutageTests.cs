using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.Api.Background;
using PublicVote.Api.Features.Voting;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Flushing;

/// <summary>The background flusher on, with short pauses, against a PostgreSQL the test can stop.</summary>
public sealed class OutageFactory(string postgres) : PublicVoteFactory(s =>
{
    s["ConnectionStrings:Postgres"] = postgres;
    s["Flusher:Enabled"] = "true";
    s["Flusher:IdleDelay"] = "00:00:00.050";
    s["Flusher:RetryDelay"] = "00:00:00.050";
    s["Flusher:MaxRetryDelay"] = "00:00:00.200";
});

public sealed class PostgresOutageTests : IAsyncLifetime
{
    private readonly ThrowawayPostgres _postgres = new();
    private PublicVoteFactory _factory = null!;

    public async Task InitializeAsync()
    {
        await _postgres.StartAsync();
        _factory = new OutageFactory(_postgres.ConnectionString);
        await ((IAsyncLifetime)_factory).InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_factory).DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task VotesAcceptedWhilePostgresIsDownAllArriveWhenItIsBack()
    {
        var campaign = await _factory.CreateCampaignAsync(new CampaignSpec { DailyLimit = 5, Candidates = 5 });
        var client = _factory.CreateClient();
        var receipts = new List<string>();
        async Task CastAsync(int from, int to)
        {
            for (var v = from; v < to; v++)
            {
                var session = _factory.SessionFor($"citizen-{v}", campaign.Id);
                var receipt = await ProblemAssert.IsOkAsync<VoteReceipt>(
                    await _factory.VoteAsync(client, campaign.Id, campaign.CandidateIds[v % 5], session));
                receipts.Add(receipt.Receipt);
            }
        }
        await CastAsync(0, 50);
        await _postgres.StopAsync();

        // Voting goes on from Redis alone (rules are cached); the flusher fails and keeps everything.
        await CastAsync(50, 200);
        var status = _factory.Services.GetRequiredService<FlusherStatus>();
        await Eventually.HoldsAsync(() => status.ConsecutiveFailures >= 3, "the flusher should be failing while PostgreSQL is down");
        var unflushed = (long)await _factory.Redis.ExecuteAsync("XLEN", _factory.Keys.Log(campaign.Id, 0));
        Assert.True(unflushed >= 150, $"votes cast during the outage stay in Redis until committed (stream holds {unflushed})");

        await _postgres.StartAsync();
        await Eventually.HoldsAsync(
            async () => (long)await _factory.Redis.ExecuteAsync("XLEN", _factory.Keys.Log(campaign.Id, 0)) == 0,
            "the flusher should drain the stream once PostgreSQL is back");

        await using var db = await _factory.Db.OpenConnectionAsync();
        var stored = await _factory.StoredReceiptsAsync(campaign.Id);
        Assert.Equal(200, stored.Count);
        Assert.True(stored.ToHashSet().SetEquals(receipts));
        Assert.Equal(200L, await db.ExecuteScalarAsync<long>("SELECT sum(votes)::bigint FROM vote_totals WHERE campaign_id = @Id", new { campaign.Id }));
    }
}
