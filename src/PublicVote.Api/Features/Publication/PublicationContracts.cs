using System.ComponentModel.DataAnnotations;

namespace PublicVote.Api.Features.Publication;

/// <param name="Stage">notice (结果公示) or final (命名表彰).</param>
/// <param name="Reason">Required to re-publish (a stage again, or a final that differs from the notice); recorded and audited.</param>
public sealed record PublishRequest(
    [property: Required, RegularExpression("^(notice|final)$", ErrorMessage = "stage is notice or final.")] string Stage,
    [property: StringLength(1000, MinimumLength = 1)] string? Reason = null);

public sealed record PublicationView(
    long CampaignId, int Version, string Stage, string? Reason, DateTimeOffset PublishedAt, string Publisher, string InputsSha256);

/// <summary>The public results page (contract in the shared brief): the newest publication, frozen.</summary>
public sealed record PublicResults(long CampaignId, string Stage, int Version, DateTimeOffset PublishedAt, IReadOnlyList<PublicCategory> Categories);

public sealed record PublicCategory(long CategoryId, string Name, IReadOnlyList<PublicEntry> Entries);

/// <param name="ThumbUrl">The candidate's first photo's thumbnail (<c>/media/&lt;sha256&gt;.jpg</c>), null without photos.</param>
public sealed record PublicEntry(
    long CandidateId, string Number, string Name, string? UnitName, long? DistrictId, decimal Total, int Rank, bool Awarded, string? ThumbUrl);
