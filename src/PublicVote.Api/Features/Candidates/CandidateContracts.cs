using System.Text.Json;

namespace PublicVote.Api.Features.Candidates;

/// <summary>
/// A nomination as an organizer enters it (create, and edit as a whole). <paramref name="Fields"/> holds the category's
/// form fields by key: text as strings, numbers as numbers or strings, <c>multiChoice</c> as a list of strings.
/// </summary>
public sealed record CandidateRequest(
    string? Number, string? Name, long? CategoryId, long? DistrictId, string? UnitName, string? Post,
    string? Slogan, string? Materials, string? Honours, Dictionary<string, JsonElement>? Fields);

public sealed record ReasonRequest(string? Reason);

/// <summary>A checked, normalised nomination (trimmed text, canonical dates and months, field values by key).</summary>
public sealed record CandidateDraft(
    string Number, string Name, long CategoryId, long? DistrictId, string? UnitName, string? Post,
    string? Slogan, string? Materials, string? Honours, SortedDictionary<string, object> Fields);

public sealed record PhotoView(int Position, string Sha256, string ContentType, int Bytes, int Width, int Height, string Url, string ThumbUrl);

/// <summary>A candidate as organizers see it (and as the audit log records it).</summary>
public sealed record CandidateAdminView(
    long Id, long CampaignId, string Number, string Name, long CategoryId, long? DistrictId, string? UnitName, string? Post,
    string? Slogan, string? Materials, string? Honours, JsonElement Fields, string Status, string? StatusReason,
    string ReviewStatus, string? ReviewReason, IReadOnlyList<PhotoView> Photos, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <param name="ThumbUrl">The first photo's thumbnail, null without photos (the console's review list shows it).</param>
public sealed record CandidateListItem(
    long Id, string Number, string Name, long CategoryId, long? DistrictId, string? UnitName, string? Post,
    string Status, string? StatusReason, string ReviewStatus, string? ReviewReason, int Photos, DateTimeOffset UpdatedAt,
    string? ThumbUrl);

public sealed record CandidateListPage(IReadOnlyList<CandidateListItem> Items, long Total, int Page, int PageSize);

/// <summary>The organizer list's filters; <paramref name="Standing"/> is the candidate status (active, withdrawn, disqualified).</summary>
public sealed record CandidateFilter(long? CategoryId, long? DistrictId, string? ReviewStatus, string? Standing, string? Q, int Page, int PageSize);

public static class CandidateStatus
{
    public const string Active = "active";
    public const string Withdrawn = "withdrawn";
    public const string Disqualified = "disqualified";
}

public static class ReviewStatus
{
    public const string Submitted = "submitted";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}
