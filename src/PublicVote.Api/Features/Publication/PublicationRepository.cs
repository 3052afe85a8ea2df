using System.Text.Json;
using Dapper;
using Npgsql;
using PublicVote.Api.Features.Results;

namespace PublicVote.Api.Features.Publication;

/// <summary>A stored publication: its frozen result and the inputs it was computed from.</summary>
public sealed record StoredPublication(PublicationView View, ResultInputs Inputs, ResultTable Result);

/// <summary><c>result_publications</c>: append-only (a trigger refuses UPDATE and DELETE), newest version wins.</summary>
public static class PublicationRepository
{
    private const string Columns = """
        campaign_id AS CampaignId, version, stage, reason, published_at AS PublishedAt, publisher, inputs_sha256 AS InputsSha256,
        inputs::text AS Inputs, result::text AS Result
        """;

    public static async Task<StoredPublication?> LatestAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long campaignId) =>
        (await connection.QuerySingleOrDefaultAsync<Row>($"""
            SELECT {Columns} FROM result_publications WHERE campaign_id = @campaignId ORDER BY version DESC LIMIT 1
            """, new { campaignId }, transaction))?.ToStored();

    public static async Task<StoredPublication?> VersionAsync(NpgsqlConnection connection, long campaignId, int version) =>
        (await connection.QuerySingleOrDefaultAsync<Row>($"""
            SELECT {Columns} FROM result_publications WHERE campaign_id = @campaignId AND version = @version
            """, new { campaignId, version }))?.ToStored();

    public static async Task<IReadOnlyList<PublicationView>> ListAsync(NpgsqlConnection connection, long campaignId) =>
        (await connection.QueryAsync<ViewRow>("""
            SELECT campaign_id AS CampaignId, version, stage, reason, published_at AS PublishedAt, publisher, inputs_sha256 AS InputsSha256
              FROM result_publications WHERE campaign_id = @campaignId ORDER BY version
            """, new { campaignId })).Select(r => r.ToView()).ToArray();

    public static Task InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, PublicationView view, long? publishedBy, ResultInputs inputs, ResultTable result) =>
        connection.ExecuteAsync("""
            INSERT INTO result_publications (campaign_id, version, stage, reason, published_at, published_by, publisher, inputs_sha256, inputs, result)
            VALUES (@CampaignId, @Version, @Stage, @Reason, @PublishedAt, @publishedBy, @Publisher, @InputsSha256,
                    CAST(@inputs AS jsonb), CAST(@result AS jsonb))
            """, new
        {
            view.CampaignId,
            view.Version,
            view.Stage,
            view.Reason,
            view.PublishedAt,
            publishedBy,
            view.Publisher,
            view.InputsSha256,
            inputs = JsonSerializer.Serialize(inputs, ResultInputsJson.Options),
            result = JsonSerializer.Serialize(result, ResultInputsJson.Options),
        }, transaction);

    private sealed record ViewRow(long CampaignId, int Version, string Stage, string? Reason, DateTime PublishedAt, string Publisher, string InputsSha256)
    {
        public PublicationView ToView() =>
            new(CampaignId, Version, Stage, Reason, new DateTimeOffset(DateTime.SpecifyKind(PublishedAt, DateTimeKind.Utc)), Publisher, InputsSha256);
    }

    private sealed record Row(
        long CampaignId, int Version, string Stage, string? Reason, DateTime PublishedAt, string Publisher, string InputsSha256, string Inputs, string Result)
    {
        public StoredPublication ToStored() => new(
            new ViewRow(CampaignId, Version, Stage, Reason, PublishedAt, Publisher, InputsSha256).ToView(),
            JsonSerializer.Deserialize<ResultInputs>(Inputs, ResultInputsJson.Options)!,
            JsonSerializer.Deserialize<ResultTable>(Result, ResultInputsJson.Options)!);
    }
}
