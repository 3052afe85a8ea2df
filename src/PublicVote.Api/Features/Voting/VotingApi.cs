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
        group.MapGet("/me/votes", MyVotes.ListAsync);
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
        var categoryId = rules.Candidates[request.CandidateId].CategoryId;
        var outcome = await store.CastAsync(new VoteCommand(
            campaignId, shard, session.OpenId, request.CandidateId, rules.DailyVoteLimit, rules.PerCandidateDailyLimit,
            day, now, idempotencyKey, http.Connection.RemoteIpAddress?.ToString() ?? "",
            StableHash.UserAgent(http.Request.Headers.UserAgent),
            signals.Read(http, campaignId, request.CandidateId, session.OpenId, now))
        {
            CategoryId = categoryId,
            PerCategoryLimit = rules.Profile.PerCategoryDailyLimit ?? 0,
        });
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
            VoteStatus.CategoryLimitReached => Problems.Of(409, Problems.CategoryDailyLimitReached,
                "You have used today's votes for this category.",
                $"Each voter has {rules.Profile.PerCategoryDailyLimit} votes a day in each category.",
                new Dictionary<string, object?> { ["remainingToday"] = outcome.RemainingToday, ["categoryId"] = categoryId }),
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
        var limit = rules.Profile.PerCategoryDailyLimit;
        var categories = rules.Categories.Select(k => k.Id).ToArray();
        var shard = VoterShard.Of(session.OpenId, rules.RedisShards);
        var (votes, counted) = await store.VoterDayAsync(campaignId, shard, session.OpenId, day, limit is null ? [] : categories);
        var voted = votes.GroupBy(c => c).Select(g => new VotedCandidate(g.Key, g.Count())).ToArray();
        var remaining = Math.Max(0, rules.DailyVoteLimit - votes.Count);
        // With a limit, the script's own counters; without one there are none, so count the day's list by category.
        var used = limit is null
            ? votes.Where(rules.Candidates.ContainsKey).GroupBy(c => rules.Candidates[c].CategoryId).ToDictionary(g => g.Key, g => g.Count())
            : counted;
        var perCategory = categories.Select(k => new CategoryUse(k, used.GetValueOrDefault(k),
            limit is { } l ? Math.Min(remaining, Math.Max(0, l - used.GetValueOrDefault(k))) : null)).ToArray();
        return TypedResults.Ok(new MyDay(campaignId, day.Date, rules.DailyVoteLimit, votes.Count, remaining, voted, limit, perCategory));
    }

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,64}$")]
    private static partial Regex IdempotencyKeyPattern();
}
