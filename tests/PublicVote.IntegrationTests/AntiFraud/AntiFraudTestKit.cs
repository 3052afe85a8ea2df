using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using PublicVote.Api.Features.AntiFraud.Review;
using PublicVote.Api.Features.Organizers;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.AntiFraud;

/// <summary>Small helpers the anti-fraud tests share: casting votes, reading totals, calling the reviewer API.</summary>
public static class AntiFraudTestKit
{
    /// <summary>One vote each for <paramref name="candidateId"/> by the given voters; all must be accepted. Returns the receipts.</summary>
    public static async Task<List<string>> CastAsync(PublicVoteFactory factory, long campaignId, long candidateId, IEnumerable<string> voters)
    {
        using var client = factory.CreateClient();
        var receipts = new List<string>();
        foreach (var voter in voters)
        {
            var receipt = await ProblemAssert.IsOkAsync<JsonElement>(
                await factory.VoteAsync(client, campaignId, candidateId, factory.SessionFor(voter, campaignId)));
            receipts.Add(receipt.GetProperty("receipt").GetString()!);
        }
        return receipts;
    }

    public static IEnumerable<string> Voters(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture));

    /// <summary>The organizer totals of a candidate, past the 1 s cache (the test clock is moved on).</summary>
    public static async Task<CandidateTotal> TotalOfAsync(PublicVoteFactory factory, HttpClient organizer, long campaignId, long candidateId)
    {
        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        var totals = await ProblemAssert.IsOkAsync<CampaignTotals>(await organizer.GetAsync($"/api/admin/campaigns/{campaignId}/totals"));
        return totals.Candidates.Single(c => c.CandidateId == candidateId);
    }

    public static string CasesUrl(long campaignId) => $"/api/admin/campaigns/{campaignId}/fraud/cases";

    public static async Task<CasePage> CasesAsync(HttpClient client, long campaignId, string status = "open") =>
        await ProblemAssert.IsOkAsync<CasePage>(await client.GetAsync($"{CasesUrl(campaignId)}?status={status}"));

    public static Task<HttpResponseMessage> ActAsync(HttpClient client, long campaignId, long caseId, string action, string reason, IEnumerable<string>? receipts = null) =>
        client.PostAsJsonAsync($"{CasesUrl(campaignId)}/{caseId}/{action}", new { reason, receipts });

    /// <summary>
    /// A vote sent straight into the test server, which lets the test choose the connection's peer address (the
    /// HTTP client cannot); returns the finished context.
    /// </summary>
    public static Task<HttpContext> RawVoteAsync(
        PublicVoteFactory factory, long campaignId, long candidateId, string voter, string? peer,
        string? forwardedFor = null, string? voteToken = null)
    {
        var session = factory.SessionFor(voter, campaignId);
        var body = Encoding.UTF8.GetBytes($"{{\"candidateId\":{candidateId}}}");
        return factory.Server.SendAsync(c =>
        {
            c.Request.Method = "POST";
            c.Request.Path = $"/api/v1/campaigns/{campaignId}/votes";
            c.Request.Headers.Authorization = "Bearer " + session;
            c.Request.ContentType = "application/json";
            c.Request.ContentLength = body.Length;
            c.Request.Body = new MemoryStream(body);
            c.Features.Set<IHttpRequestBodyDetectionFeature>(new HasBody());
            if (peer is not null)
            {
                c.Connection.RemoteIpAddress = IPAddress.Parse(peer);
            }
            if (forwardedFor is not null)
            {
                c.Request.Headers["X-Forwarded-For"] = forwardedFor;
            }
            if (voteToken is not null)
            {
                c.Request.Headers["X-Vote-Token"] = voteToken;
            }
        });
    }

    public static async Task<string> VoteTokenAsync(PublicVoteFactory factory, long campaignId, long candidateId, string voter)
    {
        using var client = factory.Accounts.BearerClient(factory.SessionFor(voter, campaignId));
        var body = await ProblemAssert.IsOkAsync<JsonElement>(await client.GetAsync($"/api/v1/campaigns/{campaignId}/candidates/{candidateId}/vote-token"));
        return body.GetProperty("voteToken").GetString()!;
    }

    /// <summary>A vote as stored, with its anti-fraud columns.</summary>
    public sealed record StoredVote(
        long CandidateId, string IpPrefix, string? ClientIp, string VoterKey, DateTime? FirstSeenAt, int? DwellMs, string TokenState,
        int PrefixNewVoters, string Status);

    /// <summary>A voter's stored votes in the order cast (flushes first).</summary>
    public static async Task<List<StoredVote>> StoredVotesAsync(PublicVoteFactory factory, long campaignId, string voter)
    {
        await factory.DrainAsync();
        await using var db = await factory.Db.OpenConnectionAsync();
        return (await db.QueryAsync<StoredVote>("""
            SELECT candidate_id AS CandidateId, ip_prefix AS IpPrefix, host(client_ip) AS ClientIp, voter_key AS VoterKey,
                   first_seen_at AS FirstSeenAt, dwell_ms AS DwellMs, token_state AS TokenState, prefix_new_voters AS PrefixNewVoters, status
              FROM votes WHERE campaign_id = @campaignId AND voter_openid = @voter ORDER BY voted_at, stream_ms, stream_seq
            """, new { campaignId, voter })).AsList();
    }

    /// <summary>Minimal APIs read a body only when the server says the request can have one (the HTTP client's handler does).</summary>
    private sealed class HasBody : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }
}
