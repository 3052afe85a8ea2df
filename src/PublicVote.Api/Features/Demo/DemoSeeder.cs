using System.Text.Json;
using Dapper;
using Npgsql;
using PublicVote.Api.Features.Campaigns.Definition;

namespace PublicVote.Api.Features.Demo;

/// <summary>
/// Loads the demo campaign: the Jingmen 2019 sample (samples/jingmen-2019.json) with its vote opened an hour ago
/// for 30 days, and the fictional candidates of samples/jingmen-2019.demo-candidates.json, in one transaction.
/// Idempotent: returns the existing campaign if already loaded.
/// </summary>
public sealed class DemoSeeder(NpgsqlDataSource dataSource, CampaignDefinitionService definitions, TimeProvider time)
{
    public const string Slug = "demo-jingmen";

    public async Task<long> SeedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var existing = await connection.QuerySingleOrDefaultAsync<long?>(
            "SELECT id FROM campaigns WHERE slug = @Slug", new { Slug }, transaction);
        if (existing is { } id)
        {
            return id;
        }
        var sample = CampaignDefinitionJson.Read(Resource("jingmen-2019.json"));
        var now = time.GetUtcNow();
        var definition = DemoSchedule.OpenForVoting(sample, now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond))) with { Slug = Slug, Name = sample.Name + "（演示）" };
        var campaignId = await definitions.ImportAsync(connection, transaction, definition);
        var candidates = JsonSerializer.Deserialize<DemoCandidate[]>(Resource("jingmen-2019.demo-candidates.json"), JsonSerializerOptions.Web)!;
        // Approved already: the demo opens in the vote phase, after review (初审).
        var inserted = await connection.ExecuteAsync("""
            INSERT INTO candidates (campaign_id, category_id, district_id, number, name, unit_name, post, slogan, honours, materials, review_status)
            SELECT @campaignId, k.id, d.id, c.number, c.name, c.unit_name, c.post, c.slogan, c.honours, c.materials, 'approved'
              FROM unnest(@categoryCodes, @districtCodes, @numbers, @names, @unitNames, @posts, @slogans, @honours, @materials)
                   AS c(category, district, number, name, unit_name, post, slogan, honours, materials)
              JOIN categories k ON k.campaign_id = @campaignId AND k.code = c.category
              JOIN districts d ON d.campaign_id = @campaignId AND d.code = c.district
            """, new
        {
            campaignId,
            categoryCodes = candidates.Select(c => c.Category).ToArray(),
            districtCodes = candidates.Select(c => c.District).ToArray(),
            numbers = candidates.Select(c => c.Number).ToArray(),
            names = candidates.Select(c => c.Name).ToArray(),
            unitNames = candidates.Select(c => c.UnitName).ToArray(),
            posts = candidates.Select(c => c.Post).ToArray(),
            slogans = candidates.Select(c => c.Slogan).ToArray(),
            honours = candidates.Select(c => c.Honours).ToArray(),
            materials = candidates.Select(c => c.Materials).ToArray(),
        }, transaction);
        if (inserted != candidates.Length)
        {
            throw new InvalidOperationException($"Only {inserted} of {candidates.Length} demo candidates name a known category and district.");
        }
        await transaction.CommitAsync(cancellationToken);
        return campaignId;
    }

    private static string Resource(string name)
    {
        using var stream = typeof(DemoSeeder).Assembly.GetManifestResourceStream("PublicVote.Api.Demo." + name)
            ?? throw new InvalidOperationException($"Embedded demo file {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed record DemoCandidate(string Category, string District, string Number, string Name,
        string? UnitName, string? Post, string? Slogan, string? Honours, string? Materials);
}
