using System.Collections.Concurrent;

namespace PublicVote.Api.Features.Campaigns;

/// <summary>
/// In-process cache of campaign rules so the vote hot path never touches PostgreSQL. Entries are refreshed when
/// the row's <c>rules_version</c> changes (<see cref="RefreshAsync"/>, run every second by
/// <see cref="CampaignRulesRefresher"/>); if PostgreSQL is down the cached rules keep serving.
/// </summary>
public sealed class CampaignRulesCache(CampaignRepository repository)
{
    private readonly ConcurrentDictionary<long, Task<CampaignRules?>> _entries = new();

    public async ValueTask<CampaignRules?> GetAsync(long campaignId)
    {
        var entry = _entries.GetOrAdd(campaignId, id => repository.LoadRulesAsync(id));
        try
        {
            return await entry.ConfigureAwait(false);
        }
        catch
        {
            // Do not cache a failed load; the next request tries again.
            _entries.TryRemove(KeyValuePair.Create(campaignId, entry));
            throw;
        }
    }

    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var cached = _entries.Where(e => e.Value.IsCompletedSuccessfully).ToArray();
        var versions = await repository.RulesVersionsAsync(cached.Select(e => e.Key).ToArray(), cancellationToken).ConfigureAwait(false);
        foreach (var (id, task) in cached)
        {
            var rules = task.Result;
            if (rules is null)
            {
                _entries.TryRemove(id, out _); // unknown campaigns are remembered for one refresh interval only
                continue;
            }
            if (!versions.TryGetValue(id, out var version) || version != rules.RulesVersion)
            {
                var fresh = await repository.LoadRulesAsync(id, cancellationToken).ConfigureAwait(false);
                if (fresh is null)
                {
                    _entries.TryRemove(id, out _);
                }
                else
                {
                    _entries[id] = Task.FromResult<CampaignRules?>(fresh);
                }
            }
        }
    }
}
