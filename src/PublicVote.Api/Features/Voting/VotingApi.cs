using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PublicVote.Api.Features.AntiFraud.Signals;
using PublicVote.Api.Features.Campaigns;
using PublicVote.Api.Hosting;
using PublicVote.Api.Storage.Redis;

namespace PublicVote.Api.Features.Voting;

public static partial class VotingApi
{
    public static RouteGroupBuilder MapVoting(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/campaigns/{campaignId:long}")
            .WithTags("Voting")
            .WithMetadata(VoterRateLimiting.Applies);
        group.MapPost("/votes", CastVoteAsync);
        group.MapGet("/me", GetMyDayAsync);
        return group;
    }

    private static async Task<Results<Ok<VoteReceipt>, ProblemHttpResult>> CastVoteAsync(
        long campaignId,
        VoteRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        HttpContext http,
        VoterContext voters,
        VoteStore store,
        VoteSignalReader signals,
        TimeProvider time)
    {
        var (problem, session, rules) = await voters.ResolveAsync(campaignId, http);
        if (problem is not null)
        {
            return problem;
        }
        if (idempotencyKey is not null && !IdempotencyKeyPattern().IsMatch(idempotencyKey))
        {
            return Problems.Of(400, Problems.InvalidRequest, "Invalid Idempotency-Key.",
                "Use 1-64 characters of A-Z, a-z, 0-9, '-', '_', '.', ':' (a UUID is fine).");
        }
        var now = time.GetUtcNow();
        problem = CheckVotable(rules, request.CandidateId, now);
        if (problem is not null)
        {
            return problem;
        }
        var day = LocalDay.Of(now, rules.TimeZone);
        var shard = VoterShard.Of(session.OpenId, rules.RedisShards);
        var outcome = await store.CastAsync(new VoteCommand(
            campaignId, shard, session.OpenId, request.CandidateId, rules.DailyVoteLimit, rules.PerCandidateDailyLimit,
            day, now, idempotencyKey, http.Connection.RemoteIpAddress?.ToString() ?? "",
            StableHash.UserAgent(http.Request.Headers.UserAgent),
            signals.Read(http, campaignId, request.CandidateId, session.OpenId, now)));
        return outcome.Status switch
        {
            VoteStatus.Accepted or VoteStatus.Replayed => TypedResults.Ok(new VoteReceipt(
                $"{campaignId}-{shard}-{outcome.StreamId}", outcome.CandidateId, outcome.RemainingToday, day.Date,
                outcome.Status == VoteStatus.Replayed)),
            VoteStatus.DailyLimitReached => Problems.Of(409, Problems.DailyLimitReached,
                "You have used all your votes for today.", $"Each voter has {rules.DailyVoteLimit} votes a day.",
                new Dictionary<string, object?> { ["remainingToday"] = 0 }),
            VoteStatus.CandidateLimitReached => Problems.Of(409, Problems.AlreadyVotedForCandidate,
                "You have already voted for this candidate today.",
                $"Each voter may vote for a candidate {rules.PerCandidateDailyLimit} time(s) a day.",
                new Dictionary<string, object?> { ["remainingToday"] = outcome.RemainingToday }),
            _ => Problems.Of(422, Problems.IdempotencyKeyReused,
                "This Idempotency-Key was already used for another candidate."),
        };
    }

    private static ProblemHttpResult? CheckVotable(CampaignRules rules, long candidateId, DateTimeOffset now)
    {
        var window = rules.WindowAt(now);
        if (window == VotingWindowState.NotStarted)
        {
            return Problems.Of(403, Problems.VotingNotStarted, "Voting has not started yet.", null,
                new Dictionary<string, object?> { ["votingStartsAt"] = rules.VoteStartsAt });
        }
        if (window == VotingWindowState.Closed)
        {
            return Problems.Of(403, Problems.VotingClosed, "Voting has ended.", null,
                new Dictionary<string, object?> { ["votingEndedAt"] = rules.VoteEndsAt });
        }
        if (!rules.Candidates.TryGetValue(candidateId, out var candidate))
        {
            return Problems.Of(404, Problems.CandidateNotFound, "No such candidate in this campaign.");
        }
        return candidate.IsVotable
            ? null
            : Problems.Of(403, Problems.CandidateNotVotable, "This candidate cannot receive votes.");
    }

    private static async Task<Results<Ok<MyDay>, ProblemHttpResult>> GetMyDayAsync(
        long campaignId, HttpContext http, VoterContext voters, VoteStore store, TimeProvider time)
    {
        var (problem, session, rules) = await voters.ResolveAsync(campaignId, http);
        if (problem is not null)
        {
            return problem;
        }
        var day = LocalDay.Of(time.GetUtcNow(), rules.TimeZone);
        var votes = await store.VotesOfDayAsync(campaignId, VoterShard.Of(session.OpenId, rules.RedisShards), session.OpenId, day);
        var voted = votes.GroupBy(c => c).Select(g => new VotedCandidate(g.Key, g.Count())).ToArray();
        var remaining = Math.Max(0, rules.DailyVoteLimit - votes.Count);
        return TypedResults.Ok(new MyDay(campaignId, day.Date, rules.DailyVoteLimit, votes.Count, remaining, voted));
    }

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,64}$")]
    private static partial Regex IdempotencyKeyPattern();
}
