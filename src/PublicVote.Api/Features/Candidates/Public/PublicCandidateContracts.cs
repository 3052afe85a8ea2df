namespace PublicVote.Api.Features.Candidates.Public;

public sealed record PublicPhotoView(string Url, string ThumbUrl, int Width, int Height);

/// <summary>The public detail: the list item (<see cref="Campaigns.CandidateView"/>) plus the nomination's texts and photos.</summary>
public sealed record CandidateDetailView(
    long Id, string Number, string Name, long CategoryId, long? DistrictId, string? UnitName, string? Post, string? ThumbUrl,
    string Status, long? Votes, string? Slogan, string? Materials, string? Honours, IReadOnlyList<PublicPhotoView> Photos);
