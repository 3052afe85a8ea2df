namespace PublicVote.Api.Features.Objections;

public sealed record ObjectionRequest(long? CandidateId, string? Text, string? ContactName, string? ContactPhone);

public sealed record ObjectionFiled(long ObjectionId);

/// <param name="Code">Stable: required, too-short, too-long, control-characters, link-only, repeated-characters, no-content, phone-format.</param>
public sealed record FieldError(string Field, string Code, string Message);

/// <summary>An objection that passed the checks: normalised text, absent contact fields as null.</summary>
public sealed record ObjectionDraft(long CandidateId, string Text, string? ContactName, string? ContactPhone);

public sealed record ResolutionRequest(string? Outcome, string? Resolution);

/// <summary>Where an organizer goes next after upholding: the candidates feature's disqualification (弄虚作假).</summary>
public sealed record FollowUp(string Action, string Method, string Href);

/// <summary>An objection as organizers see it, contact data included: never served on a public route, never logged.</summary>
public sealed record ObjectionView(
    long Id, long CampaignId, long CandidateId, string CandidateNumber, string CandidateName, string CandidateStatus,
    string Phase, string Text, string? ContactName, string? ContactPhone, DateTimeOffset FiledAt,
    string Status, string? Resolution, string? ResolvedBy, DateTimeOffset? ResolvedAt, FollowUp? FollowUp);

public sealed record ObjectionPage(IReadOnlyList<ObjectionView> Items, long Total, int Page, int PageSize);

public sealed record ObjectionFilter(string? Status, long? CandidateId, string? Phase, int Page, int PageSize);

public static class ObjectionStatus
{
    public const string Open = "open";
    public const string Upheld = "upheld";
    public const string Dismissed = "dismissed";

    public static readonly IReadOnlyList<string> All = [Open, Upheld, Dismissed];
}
