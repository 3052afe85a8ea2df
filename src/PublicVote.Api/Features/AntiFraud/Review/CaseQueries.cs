using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using PublicVote.Api.Features.AntiFraud.Cases;
using PublicVote.Api.Features.AntiFraud.Signals;

namespace PublicVote.Api.Features.AntiFraud.Review;

/// <summary>What the reviewer console reads: the case list, a case with its evidence and figures, the case's votes.</summary>
public sealed class CaseQueries(NpgsqlDataSource dataSource, IOptions<AntiFraudOptions> options)
{
    /// <summary>How far before the case window the baseline rate and composition are taken from.</summary>
    public static readonly TimeSpan BaselineSpan = TimeSpan.FromHours(6);

    private static readonly TimeSpan SeriesBefore = TimeSpan.FromMinutes(60);
    private static readonly TimeSpan SeriesAfter = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MaxSeries = TimeSpan.FromHours(24);
    private const int TopItems = 10;
    private const int MaxVoters = 200;

    private const string SummarySelect = """
        SELECT c.id, c.candidate_id AS CandidateId, k.number AS CandidateNumber, k.name AS CandidateName, k.status AS CandidateStatus,
               c.detector, c.severity, c.status, c.summary, c.window_from AS WindowFrom, c.window_to AS WindowTo,
               c.created_at AS CreatedAt, c.updated_at AS UpdatedAt,
               count(v.status) FILTER (WHERE v.status = 'counted') AS Counted,
               count(v.status) FILTER (WHERE v.status = 'pending') AS Pending,
               count(v.status) FILTER (WHERE v.status = 'voided') AS Voided,
               count(v.status) FILTER (WHERE v.status = 'restored') AS Restored
          FROM fraud_cases c
          JOIN candidates k ON k.id = c.candidate_id
          LEFT JOIN fraud_case_votes cv ON cv.case_id = c.id
          LEFT JOIN votes v ON v.campaign_id = cv.campaign_id AND v.shard = cv.shard AND v.stream_ms = cv.stream_ms AND v.stream_seq = cv.stream_seq
        """;

    /// <summary>Cases of a campaign, most severe first; <paramref name="status"/> null means every status.</summary>
    public async Task<CasePage> ListAsync(long campaignId, string? status, int page, int pageSize)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var args = new { campaignId, status, limit = pageSize, offset = (long)(page - 1) * pageSize };
        var total = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM fraud_cases WHERE campaign_id = @campaignId AND (@status::text IS NULL OR status = @status)", args);
        var rows = await connection.QueryAsync<SummaryRow>($"""
            {SummarySelect}
             WHERE c.campaign_id = @campaignId AND (@status::text IS NULL OR c.status = @status)
             GROUP BY c.id, k.id
             ORDER BY c.severity DESC, c.updated_at DESC, c.id DESC
             LIMIT @limit OFFSET @offset
            """, args);
        return new CasePage(page, pageSize, total, rows.Select(r => r.ToSummary()).ToList());
    }

    public async Task<CaseSummary?> SummaryAsync(NpgsqlConnection connection, long campaignId, long caseId, NpgsqlTransaction? transaction = null)
    {
        var row = await connection.QuerySingleOrDefaultAsync<SummaryRow>($"""
            {SummarySelect}
             WHERE c.campaign_id = @campaignId AND c.id = @caseId
             GROUP BY c.id, k.id
            """, new { campaignId, caseId }, transaction);
        return row?.ToSummary();
    }

    public async Task<CaseDetail?> DetailAsync(long campaignId, long caseId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        if (await SummaryAsync(connection, campaignId, caseId) is not { } summary)
        {
            return null;
        }
        var extra = await connection.QuerySingleAsync<ExtraRow>("""
            SELECT evidence::text AS Evidence, escalated, resolution_reason AS ResolutionReason, resolved_by AS ResolvedBy, resolved_at AS ResolvedAt
              FROM fraud_cases WHERE id = @caseId
            """, new { caseId });
        var scope = new Scope(campaignId, summary.CandidateId, caseId, summary.WindowFrom - BaselineSpan, summary.WindowFrom);
        return new CaseDetail(
            summary,
            JsonSerializer.Deserialize<JsonElement>(extra.Evidence),
            extra.Escalated,
            extra.ResolutionReason,
            extra.ResolvedBy,
            extra.ResolvedAt is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null,
            await SeriesAsync(connection, summary, scope),
            await CompositionAsync(connection, scope, CaseVotesSql),
            await CompositionAsync(connection, scope, BaselineVotesSql),
            await VotersAsync(connection, scope));
    }

    public async Task<bool> ExistsAsync(long campaignId, long caseId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM fraud_cases WHERE id = @caseId AND campaign_id = @campaignId)", new { campaignId, caseId });
    }

    public async Task<CaseVotePage> VotesAsync(long campaignId, long caseId, int page, int pageSize)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var args = new { campaignId, caseId, limit = pageSize, offset = (long)(page - 1) * pageSize };
        var total = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM fraud_case_votes WHERE case_id = @caseId", args);
        var rows = await connection.QueryAsync<VoteRow>("""
            SELECT v.campaign_id AS CampaignId, v.shard, v.stream_ms AS StreamMs, v.stream_seq AS StreamSeq, v.voter_key AS VoterKey,
                   v.voted_at AS VotedAt, v.ip_prefix AS IpPrefix, v.ua_hash AS UaHash, v.first_seen_at AS FirstSeenAt, v.dwell_ms AS DwellMs,
                   v.token_state AS TokenState, v.prefix_new_voters AS PrefixNewVoters, v.status, v.status_reason AS StatusReason
              FROM fraud_case_votes cv
              JOIN votes v ON v.campaign_id = cv.campaign_id AND v.shard = cv.shard AND v.stream_ms = cv.stream_ms AND v.stream_seq = cv.stream_seq
             WHERE cv.case_id = @caseId AND cv.campaign_id = @campaignId
             ORDER BY v.voted_at, v.shard, v.stream_ms, v.stream_seq
             LIMIT @limit OFFSET @offset
            """, args);
        return new CaseVotePage(page, pageSize, total, rows.Select(r => r.ToVote()).ToList());
    }

    private sealed record Scope(long CampaignId, long CandidateId, long CaseId, DateTimeOffset BaselineFrom, DateTimeOffset BaselineTo);

    private const string CaseVotesSql = """
        SELECT v.* FROM fraud_case_votes cv
          JOIN votes v ON v.campaign_id = cv.campaign_id AND v.shard = cv.shard AND v.stream_ms = cv.stream_ms AND v.stream_seq = cv.stream_seq
         WHERE cv.case_id = @CaseId
        """;

    private const string BaselineVotesSql = """
        SELECT v.* FROM votes v
         WHERE v.campaign_id = @CampaignId AND v.candidate_id = @CandidateId AND v.voted_at >= @BaselineFrom AND v.voted_at < @BaselineTo
           AND NOT EXISTS (SELECT 1 FROM fraud_case_votes cv WHERE cv.case_id = @CaseId AND cv.campaign_id = v.campaign_id
                              AND cv.shard = v.shard AND cv.stream_ms = v.stream_ms AND cv.stream_seq = v.stream_seq)
        """;

    private async Task<RateSeries> SeriesAsync(NpgsqlConnection connection, CaseSummary summary, Scope scope)
    {
        var to = Minute(summary.WindowTo + SeriesAfter).AddMinutes(1);
        var from = Minute(summary.WindowFrom - SeriesBefore);
        if (to - from > MaxSeries)
        {
            from = to - MaxSeries;
        }
        var counts = (await connection.QueryAsync<(DateTime Minute, long Votes, long CaseVotes)>("""
            SELECT date_trunc('minute', v.voted_at), count(*), count(cv.case_id)
              FROM votes v
              LEFT JOIN fraud_case_votes cv ON cv.case_id = @caseId AND cv.campaign_id = v.campaign_id AND cv.shard = v.shard
                                           AND cv.stream_ms = v.stream_ms AND cv.stream_seq = v.stream_seq
             WHERE v.campaign_id = @campaignId AND v.candidate_id = @candidateId AND v.voted_at >= @from AND v.voted_at < @to
             GROUP BY 1
            """, new { scope.CaseId, scope.CampaignId, scope.CandidateId, from, to }))
            .ToDictionary(r => new DateTimeOffset(r.Minute, TimeSpan.Zero));
        var baseline = await connection.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM votes
             WHERE campaign_id = @CampaignId AND candidate_id = @CandidateId AND voted_at >= @BaselineFrom AND voted_at < @BaselineTo
            """, scope);
        var minutes = new List<MinutePoint>();
        for (var minute = from; minute < to; minute = minute.AddMinutes(1))
        {
            var (_, votes, caseVotes) = counts.GetValueOrDefault(minute);
            minutes.Add(new MinutePoint(minute, votes, caseVotes));
        }
        return new RateSeries(baseline / (scope.BaselineTo - scope.BaselineFrom).TotalMinutes, scope.BaselineFrom, scope.BaselineTo, minutes);
    }

    private async Task<Composition> CompositionAsync(NpgsqlConnection connection, Scope scope, string votesSql)
    {
        var o = options.Value;
        var args = new
        {
            scope.CampaignId,
            scope.CandidateId,
            scope.CaseId,
            scope.BaselineFrom,
            scope.BaselineTo,
            fresh = o.FreshVoterAge,
            shortDwell = (int)o.ShortDwell.TotalMilliseconds,
            top = TopItems,
        };
        var figures = await connection.QuerySingleAsync<FiguresRow>($"""
            WITH s AS ({votesSql})
            SELECT count(*) AS Votes, count(DISTINCT voter_key) AS DistinctVoters,
                   count(*) FILTER (WHERE first_seen_at IS NULL OR voted_at - first_seen_at < @fresh) AS Fresh,
                   count(*) FILTER (WHERE token_state <> 'used') AS NoToken,
                   count(*) FILTER (WHERE dwell_ms < @shortDwell) AS ShortDwell,
                   count(dwell_ms) AS WithDwell,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY dwell_ms) AS MedianDwellMs
              FROM s
            """, args);
        var top = (await connection.QueryAsync<(string Kind, string Key, long Votes)>($"""
            WITH s AS ({votesSql}),
                 p AS (SELECT 'prefix' AS kind, ip_prefix AS key, count(*) AS votes FROM s GROUP BY ip_prefix ORDER BY 3 DESC, 2 LIMIT @top),
                 u AS (SELECT 'ua' AS kind, ua_hash AS key, count(*) AS votes FROM s GROUP BY ua_hash ORDER BY 3 DESC, 2 LIMIT @top)
            SELECT * FROM p UNION ALL SELECT * FROM u
            """, args)).ToList();
        IReadOnlyList<ShareItem> Top(string kind) => top.Where(t => t.Kind == kind)
            .OrderByDescending(t => t.Votes).ThenBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new ShareItem(t.Key, t.Votes, Share(t.Votes, figures.Votes))).ToList();
        return new Composition(
            figures.Votes, figures.DistinctVoters, Share(figures.Fresh, figures.Votes), Share(figures.NoToken, figures.Votes),
            Share(figures.ShortDwell, figures.WithDwell), figures.MedianDwellMs, Top("prefix"), Top("ua"));
    }

    private static async Task<IReadOnlyList<CaseVoter>> VotersAsync(NpgsqlConnection connection, Scope scope)
    {
        // The campaign-wide count goes through the openid index; the openid itself never leaves this query.
        var rows = await connection.QueryAsync<VoterRow>($"""
            WITH s AS ({CaseVotesSql})
            SELECT s.voter_key AS VoterKey, count(*) AS Votes, min(s.first_seen_at) AS FirstSeenAt, count(DISTINCT s.ip_prefix) AS Prefixes,
                   (SELECT count(*) FROM votes a WHERE a.campaign_id = @CampaignId AND a.voter_openid = s.voter_openid) AS VotesInCampaign
              FROM s GROUP BY s.voter_key, s.voter_openid
             ORDER BY 2 DESC, 1
             LIMIT {MaxVoters}
            """, scope);
        return rows.Select(r => new CaseVoter(r.VoterKey, r.Votes, r.VotesInCampaign,
            r.FirstSeenAt is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null, r.Prefixes)).ToList();
    }

    private static double Share(long part, long whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    private static DateTimeOffset Minute(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    private sealed record SummaryRow(
        long Id, long CandidateId, string CandidateNumber, string CandidateName, string CandidateStatus, string Detector, double Severity,
        string Status, string Summary, DateTime WindowFrom, DateTime WindowTo, DateTime CreatedAt, DateTime UpdatedAt,
        long Counted, long Pending, long Voided, long Restored)
    {
        public CaseSummary ToSummary() => new(Id, CandidateId, CandidateNumber, CandidateName, CandidateStatus, Detector, Severity, Status,
            Summary, Utc(WindowFrom), Utc(WindowTo), new VoteStatusCounts(Counted, Pending, Voided, Restored), Utc(CreatedAt), Utc(UpdatedAt));
    }

    private sealed record ExtraRow(string Evidence, bool Escalated, string? ResolutionReason, string? ResolvedBy, DateTime? ResolvedAt);

    private sealed record FiguresRow(long Votes, long DistinctVoters, long Fresh, long NoToken, long ShortDwell, long WithDwell, double? MedianDwellMs);

    private sealed record VoterRow(string VoterKey, long Votes, DateTime? FirstSeenAt, long Prefixes, long VotesInCampaign);

    private sealed record VoteRow(
        long CampaignId, int Shard, long StreamMs, long StreamSeq, string VoterKey, DateTime VotedAt, string IpPrefix, string UaHash,
        DateTime? FirstSeenAt, int? DwellMs, string TokenState, int PrefixNewVoters, string Status, string? StatusReason)
    {
        public CaseVote ToVote() => new(new Receipt(CampaignId, Shard, StreamMs, StreamSeq).ToString(), VoterKey, Utc(VotedAt), IpPrefix, UaHash,
            FirstSeenAt is { } at ? Utc(at) : null, DwellMs, TokenState, PrefixNewVoters, Status, StatusReason);
    }

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
