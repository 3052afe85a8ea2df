using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PublicVote.Api.Features.Audit;
using PublicVote.Api.Features.Candidates;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Media;

/// <summary>
/// A campaign's photo bounds (seed 004: 3-5 photos of 500 KB-2 MB), with this server's defaults where it names none;
/// <see cref="MediaOptions.MaxUploadBytes"/> caps every upload.
/// </summary>
public sealed record PhotoLimits(int MinBytes, int MaxBytes, int MaxCount)
{
    public static PhotoLimits Of(NominationRules rules, MediaOptions options) =>
        new(rules.PhotoMinBytes ?? 1, Math.Min(rules.PhotoMaxBytes ?? options.MaxUploadBytes, options.MaxUploadBytes), rules.PhotosMax ?? options.DefaultPhotosMax);
}

internal static class PhotoChecks
{
    public static ProblemHttpResult? CanAdd(CandidateAdminView candidate, PhotoLimits limits)
    {
        if (candidate.Status != CandidateStatus.Active)
        {
            return CandidateProblems.State("A withdrawn or disqualified candidate gets no new photos.", candidate);
        }
        return candidate.Photos.Count >= limits.MaxCount
            ? Problems.Of(409, Problems.PhotoLimitReached, $"The candidate has {candidate.Photos.Count} photos, the most this campaign allows.",
                "Delete one first.", new Dictionary<string, object?> { ["photosMax"] = limits.MaxCount })
            : null;
    }

    public static ProblemHttpResult TooLarge(PhotoLimits limits) =>
        Problems.Of(413, Problems.PhotoTooLarge, $"The photo is larger than the {limits.MaxBytes} bytes the campaign allows.", null,
            new Dictionary<string, object?> { ["minBytes"] = limits.MinBytes, ["maxBytes"] = limits.MaxBytes });

    public static AuditEntry Entry(string action, CandidateAdminView candidate, IReadOnlyList<PhotoView> before, IReadOnlyList<PhotoView> after) =>
        new(action, "candidate", candidate.Id.ToString(CultureInfo.InvariantCulture), candidate.CampaignId,
            new { photos = before }, new { photos = after });
}
