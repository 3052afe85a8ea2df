using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Data;
using Dapper;
using Npgsql;
using PublicVote.Api.Features.Campaigns;
using PublicVote.Api.Features.Media;

namespace PublicVote.Api.Features.Candidates.Public;

internal sealed record PublicCandidate(
    long Id, string Number, string Name, long CategoryId, long? DistrictId, string? UnitName, string? Post,
    string? Slogan, string? Materials, string? Honours, IReadOnlyList<PublicPhotoView> Photos)
{
    public string? ThumbUrl => Photos.Count > 0 ? Photos[0].ThumbUrl : null;
}

/// <param name="Version">The campaign's <c>rules_version</c> the rows were read at.</param>
/// <param name="Ordered">By number (shorter first, then ordinal): the public list's stable order.</param>
internal sealed record PublicCandidateSnapshot(long Version, IReadOnlyList<PublicCandidate> Ordered, FrozenDictionary<long, PublicCandidate> ById);

/// <summary>
/// The public candidates (approved and active) of a campaign, in memory, so the H5 list, search and detail never
/// query PostgreSQL per request. A snapshot is reloaded when the campaign's <c>rules_version</c> — which every
/// candidate and photo change bumps — moves past the one it was read at (<see cref="CampaignRulesCache"/> notices
/// within a second), or at once on the node that made the change (<see cref="Invalidate"/>).
/// </summary>
public sealed class PublicCandidateDirectory(NpgsqlDataSource dataSource)
{
    private readonly ConcurrentDictionary<long, Lazy<Task<PublicCandidateSnapshot>>> _entries = new();

    internal async Task<PublicCandidateSnapshot> GetAsync(long campaignId, long knownVersion)
    {
        for (var attempt = 0; ; attempt++)
        {
            var entry = _entries.GetOrAdd(campaignId, id => new Lazy<Task<PublicCandidateSnapshot>>(() => LoadAsync(id)));
            PublicCandidateSnapshot snapshot;
            try
            {
                snapshot = await entry.Value.ConfigureAwait(false);
            }
            catch
            {
                _entries.TryRemove(KeyValuePair.Create(campaignId, entry)); // a failed load is not cached
                throw;
            }
            if (snapshot.Version >= knownVersion || attempt == 2)
            {
                return snapshot;
            }
            _entries.TryRemove(KeyValuePair.Create(campaignId, entry));
        }
    }

    public void Invalidate(long campaignId) => _entries.TryRemove(campaignId, out _);

    private async Task<PublicCandidateSnapshot> LoadAsync(long campaignId)
    {
        await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        // One snapshot of the database, so the version matches the rows.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead).ConfigureAwait(false);
        var args = new { campaignId };
        var version = await connection.ExecuteScalarAsync<long>("SELECT rules_version FROM campaigns WHERE id = @campaignId", args, transaction).ConfigureAwait(false);
        var photos = (await connection.QueryAsync<PhotoRow>("""
            SELECT p.candidate_id AS CandidateId, p.sha256, p.content_type AS ContentType, p.width, p.height, p.thumb_sha256 AS ThumbSha256
              FROM candidate_photos p JOIN candidates c ON c.id = p.candidate_id
             WHERE c.campaign_id = @campaignId AND c.status = 'active' AND c.review_status = 'approved'
             ORDER BY p.candidate_id, p.position
            """, args, transaction).ConfigureAwait(false)).ToLookup(p => p.CandidateId);
        var rows = await connection.QueryAsync<Row>("""
            SELECT id, number, name, category_id AS CategoryId, district_id AS DistrictId, unit_name AS UnitName, post, slogan, materials, honours
              FROM candidates WHERE campaign_id = @campaignId AND status = 'active' AND review_status = 'approved'
            """, args, transaction).ConfigureAwait(false);
        var ordered = rows
            .Select(r => new PublicCandidate(r.Id, r.Number, r.Name, r.CategoryId, r.DistrictId, r.UnitName, r.Post, r.Slogan, r.Materials, r.Honours,
                photos[r.Id].Select(p => new PublicPhotoView(MediaUrls.Of(p.Sha256, p.ContentType), MediaUrls.Thumb(p.ThumbSha256), p.Width, p.Height)).ToArray()))
            .OrderBy(c => c.Number.Length).ThenBy(c => c.Number, StringComparer.Ordinal)
            .ToArray();
        return new PublicCandidateSnapshot(version, ordered, ordered.ToFrozenDictionary(c => c.Id));
    }

    private sealed record Row(long Id, string Number, string Name, long CategoryId, long? DistrictId, string? UnitName, string? Post,
        string? Slogan, string? Materials, string? Honours);

    private sealed record PhotoRow(long CandidateId, string Sha256, string ContentType, int Width, int Height, string ThumbSha256);
}
