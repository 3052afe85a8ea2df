using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Audit;
using PublicVote.Api.Features.Candidates.Import;

namespace PublicVote.Api.Features.Candidates;

/// <summary>
/// Nominations by the campaign's organizers (docs/candidates.md): create, edit, read and list. Every write is audited
/// and checked against the category's form and the quotas in the same transaction.
/// </summary>
public static class CandidateAdminApi
{
    public static RouteGroupBuilder MapCandidateAdmin(this IEndpointRouteBuilder app)
    {
        var candidates = app.MapAdminGroup().WithTags("Candidates")
            .MapGroup("/campaigns/{campaignId:long}/candidates").RequireCampaignRole(Roles.Organizer);
        candidates.MapGet("", CandidateListQuery.ListAsync);
        candidates.MapPost("", CreateAsync);
        candidates.MapGet("/{candidateId:long}", GetAsync);
        candidates.MapPut("/{candidateId:long}", EditAsync);
        candidates.MapCandidateReview();
        candidates.MapCandidateImport();
        return candidates;
    }

    private static async Task<Results<Ok<CandidateAdminView>, ProblemHttpResult>> GetAsync(long campaignId, long candidateId, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        return await CandidateRepository.GetAsync(connection, null, campaignId, candidateId) is { } view
            ? TypedResults.Ok(view)
            : CandidateProblems.NotFound();
    }

    private static async Task<Results<Created<CandidateAdminView>, ProblemHttpResult>> CreateAsync(
        long campaignId, CandidateRequest request, HttpContext http, NpgsqlDataSource db, AuditLog audit, CandidateChanges changes)
    {
        var result = await AuditedWrite.RunAsync(db, async Task<Results<Created<CandidateAdminView>, ProblemHttpResult>> (connection, transaction) =>
        {
            if (await NominationRules.LoadAsync(connection, transaction, campaignId) is not { } rules)
            {
                return CandidateProblems.CampaignNotFound();
            }
            var (draft, errors) = CandidateValidator.Validate(RawCandidate.From(request), rules);
            if (draft is null)
            {
                return CandidateProblems.Invalid(errors);
            }
            await CandidateQuotas.LockCategoriesAsync(connection, transaction, campaignId, [draft.CategoryId]);
            if (await CandidateQuotas.CheckAsync(connection, transaction, rules, [draft]) is [var (_, breach), ..])
            {
                return CandidateProblems.Quota(breach);
            }
            long id;
            try
            {
                id = await CandidateRepository.InsertAsync(connection, transaction, campaignId, draft);
            }
            catch (PostgresException ex) when (CandidateProblems.IsNumberTaken(ex))
            {
                return CandidateProblems.NumberTaken(draft.Number);
            }
            var view = (await CandidateRepository.GetAsync(connection, transaction, campaignId, id))!;
            await audit.RecordAsync(connection, transaction, AuditActor.From(http), Entry("candidate.create", view, null, view));
            return TypedResults.Created($"{AdminRoutes.Prefix}/campaigns/{campaignId}/candidates/{id}", view);
        });
        await changes.AfterWriteAsync(campaignId, result);
        return result;
    }

    /// <summary>Replaces the entered details. Quotas are checked again when the candidate moves category, district or unit, or a rejected one is submitted again.</summary>
    private static async Task<Results<Ok<CandidateAdminView>, ProblemHttpResult>> EditAsync(
        long campaignId, long candidateId, CandidateRequest request, HttpContext http, NpgsqlDataSource db, AuditLog audit, CandidateChanges changes)
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
            if (before.Status != CandidateStatus.Active)
            {
                return CandidateProblems.State("A withdrawn or disqualified candidate cannot be edited.", before);
            }
            var (draft, errors) = CandidateValidator.Validate(RawCandidate.From(request), rules);
            if (draft is null)
            {
                return CandidateProblems.Invalid(errors);
            }
            var moves = before.CategoryId != draft.CategoryId || before.DistrictId != draft.DistrictId || before.UnitName != draft.UnitName;
            if (moves || before.ReviewStatus == ReviewStatus.Rejected)
            {
                await CandidateQuotas.LockCategoriesAsync(connection, transaction, campaignId, [draft.CategoryId]);
                if (await CandidateQuotas.CheckAsync(connection, transaction, rules, [draft], candidateId) is [var (_, breach), ..])
                {
                    return CandidateProblems.Quota(breach);
                }
            }
            try
            {
                await CandidateRepository.UpdateAsync(connection, transaction, campaignId, candidateId, draft);
            }
            catch (PostgresException ex) when (CandidateProblems.IsNumberTaken(ex))
            {
                return CandidateProblems.NumberTaken(draft.Number);
            }
            var after = (await CandidateRepository.GetAsync(connection, transaction, campaignId, candidateId))!;
            await audit.RecordAsync(connection, transaction, AuditActor.From(http), Entry("candidate.update", after, before, after));
            return TypedResults.Ok(after);
        });
        await changes.AfterWriteAsync(campaignId, result);
        return result;
    }

    internal static AuditEntry Entry(string action, CandidateAdminView candidate, object? before, object? after) =>
        new(action, "candidate", candidate.Id.ToString(CultureInfo.InvariantCulture), candidate.CampaignId, before, after);
}
