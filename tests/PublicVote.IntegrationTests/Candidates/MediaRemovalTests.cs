using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Media;
using PublicVote.IntegrationTests.Infrastructure;
using static PublicVote.IntegrationTests.Candidates.NominationCampaigns;

namespace PublicVote.IntegrationTests.Candidates;

/// <summary>A deleted photo stops being served at once.</summary>
public sealed class MediaRemovalTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Fact]
    public async Task ADeletedPhotoAndItsThumbnailAreNoLongerServedAndComeBackWhenUploadedAgain()
    {
        var (c, organizer, ids) = await CandidatesAsync(1);
        var deleted = await UploadAsync(organizer, c, ids[0], TestImages.Png(120, 90, seed: 11));
        var kept = await UploadAsync(organizer, c, ids[0], TestImages.Png(120, 90, seed: 12));
        using var anonymous = factory.CreateClient();
        await AssertServedAsync(anonymous, deleted);

        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.DeleteAsync(Url(c, $"/{ids[0]}/photos/{deleted.Sha256}")));

        await AssertGoneAsync(anonymous, deleted);
        await AssertServedAsync(anonymous, kept);
        // Still on disk (the sweep's business), but the URL someone kept shows nothing.
        Assert.True(File.Exists(Store.PathOf(deleted.Sha256, "png")));

        await UploadAsync(organizer, c, ids[0], TestImages.Png(120, 90, seed: 11));
        await AssertServedAsync(anonymous, deleted);
    }

    [Fact]
    public async Task ContentTwoCandidatesShareIsServedUntilTheLastOneDeletesIt()
    {
        var (c, organizer, ids) = await CandidatesAsync(2);
        var png = TestImages.Png(130, 70, seed: 21);
        var shared = await UploadAsync(organizer, c, ids[0], png);
        Assert.Equal(shared, await UploadAsync(organizer, c, ids[1], png));
        using var anonymous = factory.CreateClient();

        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.DeleteAsync(Url(c, $"/{ids[0]}/photos/{shared.Sha256}")));
        await AssertServedAsync(anonymous, shared);

        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.DeleteAsync(Url(c, $"/{ids[1]}/photos/{shared.Sha256}")));
        await AssertGoneAsync(anonymous, shared);
    }

    [Fact]
    public async Task ADeletionOnAnotherNodeIsSeenWithinTheReferenceCacheTime()
    {
        var (c, organizer, ids) = await CandidatesAsync(1);
        var photo = await UploadAsync(organizer, c, ids[0], TestImages.Png(110, 80, seed: 41));
        var clock = new TestClock(factory.Clock.GetUtcNow());
        clock.FreezeTimestamp();
        var references = ActivatorUtilities.CreateInstance<MediaReferences>(factory.Services, (TimeProvider)clock);
        Assert.True(await references.IsReferencedAsync(photo.Sha256, default));

        // Another node deletes the row: this node's answer stands until the cache time has passed.
        await using (var db = await factory.Db.OpenConnectionAsync())
        {
            await db.ExecuteAsync("DELETE FROM candidate_photos WHERE candidate_id = @id", new { id = ids[0] });
        }
        Assert.True(await references.IsReferencedAsync(photo.Sha256, default));
        clock.Advance(new MediaOptions().ReferenceCacheTime);
        Assert.False(await references.IsReferencedAsync(photo.Sha256, default));
    }

    private sealed record Stored(string Sha256, string ThumbSha256, string Url, string ThumbUrl);

    private MediaStore Store => factory.Services.GetRequiredService<MediaStore>();

    private async Task<(NominationCampaign, HttpClient, long[])> CandidatesAsync(int count)
    {
        var c = await CreateAsync(factory);
        var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = (await CreateCandidateAsync(organizer, c, Window(c, $"00{i + 1}", $"窗口{i + 1}"))).GetProperty("id").GetInt64();
        }
        return (c, organizer, ids);
    }

    private static async Task<Stored> UploadAsync(HttpClient organizer, NominationCampaign c, long candidateId, byte[] png)
    {
        var photo = await ProblemAssert.IsStatusAsync<JsonElement>(await UploadPhotoAsync(organizer, c, candidateId, png, "p.png"), HttpStatusCode.Created);
        var thumbUrl = photo.GetProperty("thumbUrl").GetString()!;
        return new Stored(photo.GetProperty("sha256").GetString()!, thumbUrl[MediaUrls.Prefix.Length..^".jpg".Length],
            photo.GetProperty("url").GetString()!, thumbUrl);
    }

    private static async Task AssertServedAsync(HttpClient client, Stored photo)
    {
        foreach (var url in new[] { photo.Url, photo.ThumbUrl })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // Caches may keep it an hour, not a year: a deleted photo must leave them too.
            Assert.Equal(TimeSpan.FromHours(1), response.Headers.CacheControl?.MaxAge);
        }
    }

    private static async Task AssertGoneAsync(HttpClient client, Stored photo)
    {
        foreach (var url in new[] { photo.Url, photo.ThumbUrl })
        {
            await ProblemAssert.IsProblemAsync(await client.GetAsync(url), HttpStatusCode.NotFound, "not-found");
        }
    }
}
