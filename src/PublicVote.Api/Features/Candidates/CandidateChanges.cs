using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OutputCaching;
using PublicVote.Api.Features.Campaigns;
using PublicVote.Api.Features.Candidates.Public;

namespace PublicVote.Api.Features.Candidates;

/// <summary>
/// After a committed candidate change, this node drops what it cached of the campaign: the public candidate pages
/// (output cache tag and directory) and the vote path's rules. Other nodes follow within about a second through
/// <c>rules_version</c> (bumped by triggers on candidates and candidate_photos).
/// </summary>
public sealed class CandidateChanges(IOutputCacheStore outputCache, PublicCandidateDirectory directory, CampaignRulesCache rules)
{
    public async Task AfterWriteAsync(long campaignId, IResult result)
    {
        if ((result is INestedHttpResult nested ? nested.Result : result) is ProblemHttpResult)
        {
            return; // nothing was committed
        }
        directory.Invalidate(campaignId);
        await outputCache.EvictByTagAsync(PublicCandidatesCachePolicy.Tag(campaignId), CancellationToken.None);
        await rules.RefreshAsync();
    }
}
