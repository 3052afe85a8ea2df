using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Audit;
using PublicVote.Api.Features.Candidates;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Media;

/// <summary>
/// A candidate's photos (docs/candidates.md): upload (JPEG/PNG by content, the campaign's size and count bounds,
/// stored by SHA-256, thumbnail made before the row is written), delete, reorder. Every change is audited.
/// </summary>
public static class PhotosApi
{
    public static RouteGroupBuilder MapCandidatePhotos(this IEndpointRouteBuilder app)
    {
        var photos = app.MapAdminGroup().WithTags("Candidates")
            .MapGroup("/campaigns/{campaignId:long}/candidates/{candidateId:long}/photos").RequireCampaignRole(Roles.Organizer);
        photos.MapPost("", UploadAsync);
        photos.MapDelete("/{sha256}", DeleteAsync);
        photos.MapPut("/order", ReorderAsync);
        return photos;
    }

    private static async Task<Results<Created<PhotoView>, ProblemHttpResult>> UploadAsync(
        long campaignId, long candidateId, HttpContext http, NpgsqlDataSource db, AuditLog audit, MediaStore store,
        Thumbnailer thumbnailer, IOptions<MediaOptions> options, CandidateChanges changes, MediaReferences references)
    {
        var o = options.Value;
        PhotoLimits limits;
        await using (var connection = await db.OpenConnectionAsync())
        {
            if (await NominationRules.LoadAsync(connection, null, campaignId) is not { } rules)
            {
                return CandidateProblems.CampaignNotFound();
            }
            if (await CandidateRepository.GetAsync(connection, null, campaignId, candidateId) is not { } candidate)
            {
                return CandidateProblems.NotFound();
            }
            limits = PhotoLimits.Of(rules, o);
            if (PhotoChecks.CanAdd(candidate, limits) is { } refused)
            {
                return refused;
            }
        }
        var (upload, error) = await Uploads.ReadFileAsync(http, limits.MaxBytes);
        if (upload is null)
        {
            return error == UploadError.TooLarge
                ? PhotoChecks.TooLarge(limits)
                : Problems.Of(400, Problems.InvalidPhoto, "Send the photo as multipart/form-data in the field 'file'.");
        }
        if (upload.Content.Length < limits.MinBytes)
        {
            return Problems.Of(400, Problems.PhotoTooSmall, $"The photo has {upload.Content.Length} bytes; the campaign asks for at least {limits.MinBytes}.",
                null, new Dictionary<string, object?> { ["bytes"] = upload.Content.Length, ["minBytes"] = limits.MinBytes, ["maxBytes"] = limits.MaxBytes });
        }
        if (ImageProbe.Probe(upload.Content, out var reason) is not { } image)
        {
            return Problems.Of(400, Problems.InvalidPhoto, "This is not a JPEG or PNG picture.", reason);
        }
        if ((long)image.Width * image.Height > o.MaxPixels)
        {
            return Problems.Of(400, Problems.InvalidPhoto, "The picture has too many pixels.", $"{image.Width}×{image.Height}; at most {o.MaxPixels} pixels.");
        }
        var stored = await PhotoFiles.StoreAsync(upload.Content, image, store, thumbnailer, http.RequestAborted);
        if (stored.Problem is { } failed)
        {
            return failed;
        }
        var result = await AuditedWrite.RunAsync(db, async Task<Results<Created<PhotoView>, ProblemHttpResult>> (connection, transaction) =>
        {
            if (await CandidateRepository.GetAsync(connection, transaction, campaignId, candidateId, forUpdate: true) is not { } before)
            {
                return CandidateProblems.NotFound();
            }
            if (PhotoChecks.CanAdd(before, limits) is { } refused)
            {
                return refused;
            }
            if (before.Photos.Any(p => p.Sha256 == stored.Sha256))
            {
                return Problems.Of(409, Problems.PhotoDuplicate, "The candidate already has this photo.", null,
                    new Dictionary<string, object?> { ["sha256"] = stored.Sha256 });
            }
            await PhotoRows.InsertAsync(connection, transaction, candidateId, before.Photos.Count, stored, image, upload.Content.Length);
            var after = await CandidateRepository.PhotosAsync(connection, transaction, candidateId);
            await audit.RecordAsync(connection, transaction, AuditActor.From(http), PhotoChecks.Entry("candidate.photo.add", before, before.Photos, after));
            var photo = after.Single(p => p.Sha256 == stored.Sha256);
            return TypedResults.Created(photo.Url, photo);
        });
        await changes.AfterWriteAsync(campaignId, result);
        // This node serves the new state at once: a re-uploaded photo, and no longer a deleted one.
        references.Forget();
        return result;
    }

    private static async Task<Results<Ok<IReadOnlyList<PhotoView>>, ProblemHttpResult>> DeleteAsync(
        long campaignId, long candidateId, string sha256, HttpContext http, NpgsqlDataSource db, AuditLog audit, CandidateChanges changes,
        MediaReferences references)
    {
        var result = await AuditedWrite.RunAsync(db, async Task<Results<Ok<IReadOnlyList<PhotoView>>, ProblemHttpResult>> (connection, transaction) =>
        {
            if (await NominationRules.LoadAsync(connection, transaction, campaignId) is not { } rules)
            {
                return CandidateProblems.CampaignNotFound();
            }
            if (await CandidateRepository.GetAsync(connection, transaction, campaignId, candidateId, forUpdate: true) is not { } before)
            {
                return CandidateProblems.NotFound();
            }
            if (before.Photos.All(p => p.Sha256 != sha256))
            {
                return Problems.Of(404, Problems.PhotoNotFound, "The candidate has no such photo.");
            }
            if (before.ReviewStatus == ReviewStatus.Approved && rules.PhotosMin is { } min && before.Photos.Count - 1 < min)
            {
                return Problems.Of(409, Problems.PhotosMissing, $"An approved candidate keeps at least {min} photos.",
                    "Upload the replacement first, then delete this one.", new Dictionary<string, object?> { ["photosMin"] = min, ["photos"] = before.Photos.Count });
            }
            var remaining = before.Photos.Where(p => p.Sha256 != sha256).Select(p => p.Sha256).ToArray();
            await PhotoRows.DeleteAsync(connection, transaction, candidateId, sha256, remaining);
            var after = await CandidateRepository.PhotosAsync(connection, transaction, candidateId);
            await audit.RecordAsync(connection, transaction, AuditActor.From(http), PhotoChecks.Entry("candidate.photo.delete", before, before.Photos, after));
            return TypedResults.Ok(after);
        });
        await changes.AfterWriteAsync(campaignId, result);
        references.Forget();
        return result;
    }

    private static async Task<Results<Ok<IReadOnlyList<PhotoView>>, ProblemHttpResult>> ReorderAsync(
        long campaignId, long candidateId, PhotoOrderRequest request, HttpContext http, NpgsqlDataSource db, AuditLog audit, CandidateChanges changes)
    {
        var result = await AuditedWrite.RunAsync(db, async Task<Results<Ok<IReadOnlyList<PhotoView>>, ProblemHttpResult>> (connection, transaction) =>
        {
            if (await CandidateRepository.GetAsync(connection, transaction, campaignId, candidateId, forUpdate: true) is not { } before)
            {
                return CandidateProblems.NotFound();
            }
            var order = request.Order ?? [];
            var current = before.Photos.Select(p => p.Sha256).Order(StringComparer.Ordinal);
            if (order.Count != order.Distinct().Count() || !order.Order(StringComparer.Ordinal).SequenceEqual(current))
            {
                return Problems.Of(400, Problems.ValidationFailed, "The order must list each of the candidate's photos once.", null,
                    new Dictionary<string, object?> { ["errors"] = new[] { new { field = "order", message = $"must be the {before.Photos.Count} photo sha256 values in the new order" } } });
            }
            await PhotoRows.RewritePositionsAsync(connection, transaction, candidateId, order.ToArray());
            var after = await CandidateRepository.PhotosAsync(connection, transaction, candidateId);
            await audit.RecordAsync(connection, transaction, AuditActor.From(http), PhotoChecks.Entry("candidate.photo.reorder", before, before.Photos, after));
            return TypedResults.Ok(after);
        });
        await changes.AfterWriteAsync(campaignId, result);
        return result;
    }
}

public sealed record PhotoOrderRequest(IReadOnlyList<string>? Order);
