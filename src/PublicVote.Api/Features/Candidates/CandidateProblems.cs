using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Candidates;

internal static class CandidateProblems
{
    public static ProblemHttpResult Invalid(IReadOnlyList<FieldError> errors) =>
        Problems.Of(400, Problems.InvalidCandidate, "The candidate's details are not valid.",
            $"{errors.Count} error(s); each names its field.",
            new Dictionary<string, object?> { ["errors"] = errors.Select(e => new { field = e.Field, message = e.Message }).ToArray() });

    public static ProblemHttpResult CampaignNotFound() => Problems.Of(404, Problems.CampaignNotFound, "No such campaign.");

    public static ProblemHttpResult NotFound() => Problems.Of(404, Problems.CandidateNotFound, "No such candidate in this campaign.");

    public static ProblemHttpResult NumberTaken(string number) =>
        Problems.Of(409, Problems.CandidateNumberTaken, $"The number '{number}' is taken in this campaign.",
            "Candidate numbers (编号) are unique within a campaign.", new Dictionary<string, object?> { ["number"] = number });

    public static ProblemHttpResult State(string title, CandidateAdminView candidate) =>
        Problems.Of(409, Problems.CandidateStateConflict, title, $"The candidate is {candidate.Status}, review {candidate.ReviewStatus}.",
            new Dictionary<string, object?> { ["candidateStatus"] = candidate.Status, ["reviewStatus"] = candidate.ReviewStatus });

    public static ProblemHttpResult Quota(QuotaBreach breach) =>
        Problems.Of(409, breach.Kind == QuotaBreach.District ? Problems.DistrictQuotaExceeded : Problems.UnitLimitExceeded,
            breach.Kind == QuotaBreach.District ? "The district's recommend quota is used up." : "The unit's limit in this category is reached.",
            breach.Describe(),
            new Dictionary<string, object?>
            {
                ["quota"] = new
                {
                    kind = breach.Kind,
                    categoryId = breach.CategoryId,
                    category = breach.CategoryName,
                    districtId = breach.DistrictId,
                    district = breach.DistrictName,
                    unitName = breach.UnitName,
                    limit = breach.Limit,
                    used = breach.Used,
                },
            });

    public static bool IsNumberTaken(PostgresException ex) =>
        ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName == "candidates_campaign_id_number_key";
}
