using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using PublicVote.Api.Features.Audit;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Candidates;

/// <summary>
/// Review (初审) and standing: approve, reject with a reason, disqualify (弄虚作假, any phase) with a reason, withdraw.
/// Repeating a transition that already happened answers the candidate unchanged (and writes no audit entry).
/// </summary>
internal static class CandidateReviewApi
{
    private delegate Task<ProblemHttpResult?> Transition(NpgsqlConnection connection, NpgsqlTransaction transaction, NominationRules rules, CandidateAdminView before);

    public static RouteGroupBuilder MapCandidateReview(this RouteGroupBuilder candidates)
    {
        candidates.MapPost("/{candidateId:long}/approve", (long campaignId, long candidateId, HttpContext http, NpgsqlDataSource db, AuditLog audit, CandidateChanges changes) =>
            RunAsync("candidate.approve", campaignId, candidateId, http, db, audit, changes, ApproveAsync));
        candidates.MapPost("/{candidateId:long}/reject", (long campaignId, long candidateId, ReasonRequest request, HttpContext http, NpgsqlDataSource db, AuditLog audit, CandidateChanges changes) =>
            WithReasonAsync("candidate.reject", request, required: true, campaignId, candidateId, http, db, audit, changes, RejectAsync));
        candidates.MapPost("/{candidateId:long}/disqualify", (long campaignId, long candidateId, ReasonRequest request, HttpContext http, NpgsqlDataSource db, AuditLog audit, CandidateChanges changes) =>
            WithReasonAsync("candidate.disqualify", request, required: true, campaignId, candidateId, http, db, audit, changes, DisqualifyAsync));
        candidates.MapPost("/{candidateId:long}/withdraw", (long campaignId, long candidateId, ReasonRequest? request, HttpContext http, NpgsqlDataSource db, AuditLog audit, CandidateChanges changes) =>
            WithReasonAsync("candidate.withdraw", request ?? new ReasonRequest(null), required: false, campaignId, candidateId, http, db, audit, changes, WithdrawAsync));
        return candidates;
    }

    private static async Task<ProblemHttpResult?> ApproveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NominationRules rules, CandidateAdminView before)
    {
        if (before.Status != CandidateStatus.Active)
        {
            return CandidateProblems.State("Only an active candidate can be approved.", before);
        }
        if (rules.PhotosMin is { } min && before.Photos.Count < min)
        {
            return Problems.Of(409, Problems.PhotosMissing, $"The campaign asks for at least {min} photos; the candidate has {before.Photos.Count}.",
                "Upload the photos first (POST …/photos).", new Dictionary<string, object?> { ["photosMin"] = min, ["photos"] = before.Photos.Count });
        }
        if (before.ReviewStatus == ReviewStatus.Rejected)
        {
            // A rejected nomination did not count against the quotas; approving it makes it count again.
            await CandidateQuotas.LockCategoriesAsync(connection, transaction, rules.CampaignId, [before.CategoryId]);
            if (await CandidateQuotas.CheckAsync(connection, transaction, rules, [Draft(before)], before.Id) is [var (_, breach), ..])
            {
                return CandidateProblems.Quota(breach);
            }
        }
        await CandidateRepository.SetReviewAsync(connection, transaction, before.Id, ReviewStatus.Approved, null);
        return null;
    }

    private static async Task<ProblemHttpResult?> RejectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string? reason, CandidateAdminView before)
    {
        if (before.Status != CandidateStatus.Active)
        {
            return CandidateProblems.State("Only an active candidate can be rejected.", before);
        }
        await CandidateRepository.SetReviewAsync(connection, transaction, before.Id, ReviewStatus.Rejected, reason);
        return null;
    }

    private static async Task<ProblemHttpResult?> DisqualifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string? reason, CandidateAdminView before)
    {
        if (before.Status == CandidateStatus.Withdrawn)
        {
            return CandidateProblems.State("A withdrawn candidate cannot be disqualified.", before);
        }
        await CandidateRepository.SetStatusAsync(connection, transaction, before.Id, CandidateStatus.Disqualified, reason);
        return null;
    }

    private static async Task<ProblemHttpResult?> WithdrawAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string? reason, CandidateAdminView before)
    {
        if (before.Status == CandidateStatus.Disqualified)
        {
            return CandidateProblems.State("A disqualified candidate cannot withdraw.", before);
        }
        await CandidateRepository.SetStatusAsync(connection, transaction, before.Id, CandidateStatus.Withdrawn, reason);
        return null;
    }

    private static Task<Results<Ok<CandidateAdminView>, ProblemHttpResult>> WithReasonAsync(
        string action, ReasonRequest request, bool required, long campaignId, long candidateId, HttpContext http, NpgsqlDataSource db,
        AuditLog audit, CandidateChanges changes, Func<NpgsqlConnection, NpgsqlTransaction, string?, CandidateAdminView, Task<ProblemHttpResult?>> apply)
    {
        var (reason, errors) = CandidateValidator.Reason(request.Reason, required);
        if (errors.Count > 0)
        {
            return Task.FromResult<Results<Ok<CandidateAdminView>, ProblemHttpResult>>(CandidateProblems.Invalid(errors));
        }
        return RunAsync(action, campaignId, candidateId, http, db, audit, changes,
            (connection, transaction, _, before) => apply(connection, transaction, reason, before));
    }

    private static async Task<Results<Ok<CandidateAdminView>, ProblemHttpResult>> RunAsync(
        string action, long campaignId, long candidateId, HttpContext http, NpgsqlDataSource db, AuditLog audit, CandidateChanges changes,
        Transition transition)
    {
        var result = await AuditedWrite.RunAsync(db, async Task<Results<Ok<CandidateAdminView>, ProblemHttpResult>> (connection, transaction) =>
        {
            if (await NominationRules.LoadAsync(connection, transaction, campaignId) is not { } rules)
            {
                return CandidateProblems.CampaignNotFound();
            }
            if (await CandidateRepository.GetAsync(connection, transaction, campaignId, candidateId, forUpdate: true) is not { } before)
            {
                return CandidateProblems.NotFound();
            }
            if (IsAlready(action, before))
            {
                return TypedResults.Ok(before);
            }
            if (await transition(connection, transaction, rules, before) is { } problem)
            {
                return problem;
            }
            var after = (await CandidateRepository.GetAsync(connection, transaction, campaignId, candidateId))!;
            await audit.RecordAsync(connection, transaction, AuditActor.From(http), CandidateAdminApi.Entry(action, after, before, after));
            return TypedResults.Ok(after);
        });
        await changes.AfterWriteAsync(campaignId, result);
        return result;
    }

    private static bool IsAlready(string action, CandidateAdminView candidate) => action switch
    {
        "candidate.approve" => candidate.ReviewStatus == ReviewStatus.Approved && candidate.Status == CandidateStatus.Active,
        "candidate.reject" => candidate.ReviewStatus == ReviewStatus.Rejected && candidate.Status == CandidateStatus.Active,
        "candidate.disqualify" => candidate.Status == CandidateStatus.Disqualified,
        "candidate.withdraw" => candidate.Status == CandidateStatus.Withdrawn,
        _ => false,
    };

    private static CandidateDraft Draft(CandidateAdminView c) =>
        new(c.Number, c.Name, c.CategoryId, c.DistrictId, c.UnitName, c.Post, c.Slogan, c.Materials, c.Honours, new(StringComparer.Ordinal));
}
