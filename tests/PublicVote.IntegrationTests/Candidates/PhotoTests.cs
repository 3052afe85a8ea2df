using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Media;
using PublicVote.IntegrationTests.Infrastructure;
using static PublicVote.IntegrationTests.Candidates.NominationCampaigns;

namespace PublicVote.IntegrationTests.Candidates;

/// <summary>The test campaign asks for 1-3 photos of 10 000-400 000 bytes.</summary>
public sealed class PhotoTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Fact]
    public async Task AnAcceptedPhotoIsStoredByItsHashWithAThumbnailAndServedImmutableForAnHour()
    {
        var (c, organizer, id) = await CandidateAsync();
        var png = TestImages.Png(600, 200); // ~360 KB of noise
        var photo = await ProblemAssert.IsStatusAsync<JsonElement>(await UploadPhotoAsync(organizer, c, id, png, "photo.jpg"), HttpStatusCode.Created);

        var sha = Convert.ToHexStringLower(SHA256.HashData(png));
        Assert.Equal(sha, photo.GetProperty("sha256").GetString());
        Assert.Equal("image/png", photo.GetProperty("contentType").GetString()); // the content decides, not the name
        Assert.Equal((600, 200), (photo.GetProperty("width").GetInt32(), photo.GetProperty("height").GetInt32()));
        Assert.Equal($"/media/{sha}.png", photo.GetProperty("url").GetString());

        using var anonymous = factory.CreateClient();
        var original = await anonymous.GetAsync(photo.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        Assert.Equal(png, await original.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", original.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", original.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("immutable", original.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(1), original.Headers.CacheControl?.MaxAge);

        var thumb = await anonymous.GetAsync(photo.GetProperty("thumbUrl").GetString());
        Assert.Equal("image/jpeg", thumb.Content.Headers.ContentType?.MediaType);
        var info = ImageProbe.Probe(await thumb.Content.ReadAsByteArrayAsync(), out _);
        Assert.Equal(new ImageInfo("image/jpeg", 320, 107), info);

        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync($"/media/{sha}.jpg"), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/media/..%2F..%2Fetc%2Fpasswd"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task AJpegIsAccepted()
    {
        var (c, organizer, id) = await CandidateAsync();
        var jpeg = TestImages.Jpeg(400, 300);
        Assert.InRange(jpeg.Length, 10_000, 400_000);
        var photo = await ProblemAssert.IsStatusAsync<JsonElement>(await UploadPhotoAsync(organizer, c, id, jpeg, "photo.png"), HttpStatusCode.Created);
        Assert.Equal("image/jpeg", photo.GetProperty("contentType").GetString());
        Assert.Equal((400, 300), (photo.GetProperty("width").GetInt32(), photo.GetProperty("height").GetInt32()));
    }

    [Fact]
    public async Task ATextFileRenamedJpgIsRefused()
    {
        var (c, organizer, id) = await CandidateAsync();
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("这不是照片。This is not a photo.\n", 1000)));
        var problem = await ProblemAssert.IsProblemAsync(await UploadPhotoAsync(organizer, c, id, text, "photo.jpg"), HttpStatusCode.BadRequest, "invalid-photo");
        Assert.Contains("neither a JPEG nor a PNG", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await PhotosAsync(organizer, c, id));
    }

    [Fact]
    public async Task APictureThatCannotBeDecodedIsRefused()
    {
        var (c, organizer, id) = await CandidateAsync();
        var problem = await ProblemAssert.IsProblemAsync(await UploadPhotoAsync(organizer, c, id, TestImages.CorruptPng(300, 200), "photo.png"),
            HttpStatusCode.BadRequest, "invalid-photo");
        Assert.Contains("could not be decoded", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await PhotosAsync(organizer, c, id));
    }

    [Fact]
    public async Task PhotosOutsideTheCampaignsSizeBoundsAreRefused()
    {
        var (c, organizer, id) = await CandidateAsync();
        var tooLarge = await ProblemAssert.IsProblemAsync(await UploadPhotoAsync(organizer, c, id, TestImages.Png(400, 400), "big.png"),
            HttpStatusCode.RequestEntityTooLarge, "photo-too-large");
        Assert.Equal(400_000, tooLarge.GetProperty("maxBytes").GetInt32());
        await ProblemAssert.IsProblemAsync(await UploadPhotoAsync(organizer, c, id, TestImages.Png(40, 40), "small.png"),
            HttpStatusCode.BadRequest, "photo-too-small");
        Assert.Empty(await PhotosAsync(organizer, c, id));
    }

    [Fact]
    public async Task TheCountIsBoundedDuplicatesAreRefusedAndPhotosCanBeReorderedAndDeleted()
    {
        var (c, organizer, id) = await CandidateAsync();
        var shas = new List<string>();
        for (var seed = 1; seed <= 3; seed++)
        {
            var photo = await ProblemAssert.IsStatusAsync<JsonElement>(await UploadPhotoAsync(organizer, c, id, TestImages.Png(100, 100, seed), "p.png"), HttpStatusCode.Created);
            shas.Add(photo.GetProperty("sha256").GetString()!);
        }
        await ProblemAssert.IsProblemAsync(await UploadPhotoAsync(organizer, c, id, TestImages.Png(100, 100, 9), "p.png"), HttpStatusCode.Conflict, "photo-limit-reached");

        var reordered = await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PutAsJsonAsync(Url(c, $"/{id}/photos/order"), new { order = new[] { shas[2], shas[0], shas[1] } }));
        Assert.Equal([shas[2], shas[0], shas[1]], reordered.EnumerateArray().Select(p => p.GetProperty("sha256").GetString()));
        // The organizer list shows the first photo's thumbnail (the console's review list).
        var listed = (await ProblemAssert.IsOkAsync<JsonElement>(await organizer.GetAsync(Url(c)))).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("id").GetInt64() == id);
        Assert.Equal(reordered[0].GetProperty("thumbUrl").GetString(), listed.GetProperty("thumbUrl").GetString());
        await ProblemAssert.IsProblemAsync(await organizer.PutAsJsonAsync(Url(c, $"/{id}/photos/order"), new { order = new[] { shas[0], shas[0], shas[1] } }),
            HttpStatusCode.BadRequest, "validation-failed");

        var left = await ProblemAssert.IsOkAsync<JsonElement>(await organizer.DeleteAsync(Url(c, $"/{id}/photos/{shas[0]}")));
        Assert.Equal([(0, shas[2]), (1, shas[1])], left.EnumerateArray().Select(p => (p.GetProperty("position").GetInt32(), p.GetProperty("sha256").GetString())));
        await ProblemAssert.IsProblemAsync(await organizer.DeleteAsync(Url(c, $"/{id}/photos/{shas[0]}")), HttpStatusCode.NotFound, "photo-not-found");
        await ProblemAssert.IsProblemAsync(await UploadPhotoAsync(organizer, c, id, TestImages.Png(100, 100, 2), "again.png"), HttpStatusCode.Conflict, "photo-duplicate");

        // An approved candidate keeps the campaign's minimum (1).
        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PostAsync(Url(c, $"/{id}/approve"), null));
        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.DeleteAsync(Url(c, $"/{id}/photos/{shas[2]}")));
        await ProblemAssert.IsProblemAsync(await organizer.DeleteAsync(Url(c, $"/{id}/photos/{shas[1]}")), HttpStatusCode.Conflict, "photos-missing");

        var audit = await ProblemAssert.IsOkAsync<JsonElement>(await organizer.GetAsync($"/api/admin/audit?campaignId={c.Id}&pageSize=200"));
        var actions = audit.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("action").GetString()).ToList();
        Assert.Equal(3, actions.Count(a => a == "candidate.photo.add"));
        Assert.Equal(2, actions.Count(a => a == "candidate.photo.delete"));
        Assert.Equal(1, actions.Count(a => a == "candidate.photo.reorder"));
        var reorder = audit.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("action").GetString() == "candidate.photo.reorder");
        Assert.Equal(shas[0], reorder.GetProperty("before").GetProperty("photos")[0].GetProperty("sha256").GetString());
        Assert.Equal(shas[2], reorder.GetProperty("after").GetProperty("photos")[0].GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task AnUploadWithoutAFileIsAClearError()
    {
        var (c, organizer, id) = await CandidateAsync();
        await ProblemAssert.IsProblemAsync(await organizer.PostAsJsonAsync(Url(c, $"/{id}/photos"), new { }), HttpStatusCode.BadRequest, "invalid-photo");
        await ProblemAssert.IsProblemAsync(await UploadPhotoAsync(organizer, c, 987654321, TestImages.Png(100, 100), "p.png"), HttpStatusCode.NotFound, "candidate-not-found");
    }

    private async Task<(NominationCampaign, HttpClient, long)> CandidateAsync()
    {
        var c = await CreateAsync(factory);
        var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
        var id = (await CreateCandidateAsync(organizer, c, Window(c, "001", "甲窗口"))).GetProperty("id").GetInt64();
        return (c, organizer, id);
    }

    private static async Task<JsonElement[]> PhotosAsync(HttpClient organizer, NominationCampaign c, long candidateId) =>
        (await ProblemAssert.IsOkAsync<JsonElement>(await organizer.GetAsync(Url(c, $"/{candidateId}")))).GetProperty("photos").EnumerateArray().ToArray();
}
