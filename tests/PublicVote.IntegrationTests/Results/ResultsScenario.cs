using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Campaigns.Definition;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Results;

/// <summary>Builds a campaign for the results tests: a sample definition, candidates, flushed vote rows, judges.</summary>
public sealed class ResultsScenario(PublicVoteFactory factory, long campaignId)
{
    private static long _streamMs = 1;

    public long CampaignId { get; } = campaignId;

    public static async Task<ResultsScenario> ImportAsync(PublicVoteFactory factory, string sample, string slug, Action<JsonNode>? edit = null)
    {
        var json = JsonNode.Parse(await SampleFiles.ReadAsync(sample))!;
        json["slug"] = slug;
        edit?.Invoke(json);
        var id = await factory.Services.GetRequiredService<CampaignDefinitionService>().ImportAsync(json.ToJsonString());
        return new ResultsScenario(factory, id);
    }

    public async Task<long> CandidateAsync(string category, string number, string name, string? district = null, string? unitName = null)
    {
        await using var db = await factory.Db.OpenConnectionAsync();
        return await db.ExecuteScalarAsync<long>("""
            INSERT INTO candidates (campaign_id, category_id, number, name, district_id, unit_name)
            SELECT @CampaignId, k.id, @number, @name, (SELECT id FROM districts WHERE campaign_id = @CampaignId AND code = @district), @unitName
              FROM categories k WHERE k.campaign_id = @CampaignId AND k.code = @category
            RETURNING id
            """, new { CampaignId, category, number, name, district, unitName });
    }

    /// <summary>Vote rows as the flusher writes them, with the given review status.</summary>
    public async Task VotesAsync(long candidateId, int count, string status = "counted")
    {
        await using var db = await factory.Db.OpenConnectionAsync();
        await db.ExecuteAsync("""
            INSERT INTO votes (campaign_id, shard, stream_ms, stream_seq, candidate_id, voter_openid, voted_at, vote_day, status)
            SELECT @CampaignId, 0, @ms, g, @candidateId, 'voter-' || @candidateId || '-' || @ms || '-' || g, now(), current_date, @status
              FROM generate_series(1, @count) g
            """, new { CampaignId, ms = Interlocked.Increment(ref _streamMs), candidateId, count, status });
        await db.ExecuteAsync("""
            INSERT INTO vote_totals (campaign_id, candidate_id, votes) VALUES (@CampaignId, @candidateId, @count)
            ON CONFLICT (campaign_id, candidate_id) DO UPDATE SET votes = vote_totals.votes + EXCLUDED.votes
            """, new { CampaignId, candidateId, count = (long)count });
    }

    public async Task DisqualifyAsync(long candidateId, string reason)
    {
        await using var db = await factory.Db.OpenConnectionAsync();
        await db.ExecuteAsync("UPDATE candidates SET status = 'disqualified', status_reason = @reason WHERE id = @candidateId", new { candidateId, reason });
    }

    /// <summary>A judge of this campaign (of the given category codes, or all) with a signed-in client.</summary>
    public async Task<(long Id, HttpClient Client)> JudgeAsync(params string[] categories)
    {
        var account = await factory.Accounts.CreateAsync();
        await using (var db = await factory.Db.OpenConnectionAsync())
        {
            await db.ExecuteAsync("""
                INSERT INTO account_grants (account_id, role, campaign_id, category_codes) VALUES (@Id, 'judge', @CampaignId, @codes)
                """, new { account.Id, CampaignId, codes = categories.Length == 0 ? null : categories });
        }
        return (account.Id, factory.Accounts.BearerClient(await factory.Accounts.TokenAsync(account.Id)));
    }

    public async Task<HttpClient> ClientAsync(string role) => await factory.AdminClientAsync(role, CampaignId);

    public Task<HttpResponseMessage> ScoreAsync(HttpClient judge, object sheet) =>
        judge.PostAsJsonAsync($"/api/admin/campaigns/{CampaignId}/scores", sheet);

    /// <summary>Submits a one-item sheet (the Jingmen rubric's <c>overall</c>).</summary>
    public async Task SubmitOverallAsync(HttpClient judge, long candidateId, decimal overall) =>
        await ProblemAssert.IsOkAsync<JsonElement>(await ScoreAsync(judge, new { candidateId, scores = new { overall }, submit = true }));

    public async Task<JsonElement> ResultsAsync(HttpClient organizer) =>
        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.GetAsync($"/api/admin/campaigns/{CampaignId}/results"));
}
