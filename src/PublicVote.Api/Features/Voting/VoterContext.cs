using Microsoft.AspNetCore.Http.HttpResults;
using PublicVote.Api.Features.Campaigns;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Voting;

/// <summary>The checks every voter route shares: a valid session for this campaign, and the campaign's rules.</summary>
public sealed class VoterContext(VoterSessionReader sessions, CampaignRulesCache campaigns)
{
    public async ValueTask<(ProblemHttpResult? Problem, VoterSession Session, CampaignRules Rules)> ResolveAsync(
        long campaignId, HttpContext http)
    {
        var (error, session) = sessions.Read(http);
        var problem = error switch
        {
            SessionError.Missing => Problems.Of(401, Problems.SessionRequired, "Sign in with WeChat to vote."),
            SessionError.Invalid => Problems.Of(401, Problems.SessionInvalid, "The voter session is not valid."),
            SessionError.Expired => Problems.Of(401, Problems.SessionExpired, "The voter session has expired; sign in again."),
            _ when session!.CampaignId != campaignId => Problems.Of(401, Problems.SessionWrongCampaign,
                "The voter session belongs to another campaign; sign in again."),
            _ => null,
        };
        if (problem is not null)
        {
            return (problem, null!, null!);
        }
        var rules = await campaigns.GetAsync(campaignId);
        if (rules is null)
        {
            return (Problems.Of(404, Problems.CampaignNotFound, "No such campaign."), null!, null!);
        }
        return (null, session!, rules);
    }
}
