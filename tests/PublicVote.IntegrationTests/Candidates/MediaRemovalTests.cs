using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Media;
using PublicVote.IntegrationTests.Infrastructure;
using static PublicVote.IntegrationTests.Candidates.NominationCampaigns;

namespace PublicVote.IntegrationTests.Candidates;

/// <summary>A deleted photo stops being served at once, and the sweep removes its files after the grace period.</summary>
public sealed class MediaRemovalTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);

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
    public async Task ContentTwoCandidatesShareIsServedAndKeptUntilTheLastOneDeletesIt()
    {
        var (c, organizer, ids) = await CandidatesAsync(2);
        var png = TestImages.Png(130, 70, seed: 21);
        var shared = await UploadAsync(organizer, c, ids[0], png);
        Assert.Equal(shared, await UploadAsync(organizer, c, ids[1], png));
        using var anonymous = factory.CreateClient();

        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.DeleteAsync(Url(c, $"/{ids[0]}/photos/{shared.Sha256}")));
        await AssertServedAsync(anonymous, shared);
        await SweeperAt(factory.Clock.GetUtcNow() + Grace * 2).SweepAsync();
        await AssertServedAsync(anonymous, shared);

        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.DeleteAsync(Url(c, $"/{ids[1]}/photos/{shared.Sha256}")));
        await AssertGoneAsync(anonymous, shared);
    }

    [Fact]
    public async Task TheSweepRemovesUnreferencedFilesPastTheGracePeriodAndKeepsUploadsWhoseRowIsNotWrittenYet()
    {
        var (c, organizer, ids) = await CandidatesAsync(1);
        var gone = await UploadAsync(organizer, c, ids[0], TestImages.Png(140, 60, seed: 31));
        var storedAgain = await UploadAsync(organizer, c, ids[0], TestImages.Png(140, 60, seed: 32));
        var kept = await UploadAsync(organizer, c, ids[0], TestImages.Png(140, 60, seed: 33));
        foreach (var photo in new[] { gone, storedAgain })
        {
            await ProblemAssert.IsOkAsync<JsonElement>(await organizer.DeleteAsync(Url(c, $"/{ids[0]}/photos/{photo.Sha256}")));
        }

        // Within the grace period nothing goes: the files may belong to an upload whose row is not written yet.
        Assert.Equal(0, (await SweeperAt(factory.Clock.GetUtcNow() + Grace - TimeSpan.FromMinutes(1)).SweepAsync()).Removed);
        Assert.All(new[] { gone, storedAgain, kept }, p => Assert.True(File.Exists(Store.PathOf(p.Sha256, "png"))));

        // Later, uploads store a new picture and the content of a deleted one again; their rows are not written yet.
        var later = factory.Clock.GetUtcNow() + Grace * 2;
        var fresh = TestImages.Png(140, 60, seed: 34);
        var freshSha = MediaStore.Sha256Of(fresh);
        StoreAt(later, fresh, freshSha);
        StoreAt(later, TestImages.Png(140, 60, seed: 32), storedAgain.Sha256);
        // An upload cut short by a crash long ago left its temporary file.
        var crashed = Store.NewTempPath("png");
        File.WriteAllBytes(crashed, fresh);
        File.SetLastWriteTimeUtc(crashed, (later - Grace * 2).UtcDateTime);

        var report = await SweeperAt(later).SweepAsync();

        // The deleted photo and its thumbnail (and what other tests of this class deleted).
        Assert.InRange(report.Removed, 2, report.Checked);
        Assert.InRange(report.TemporaryRemoved, 1, int.MaxValue);
        Assert.False(File.Exists(crashed));
        Assert.False(File.Exists(Store.PathOf(gone.Sha256, "png")));
        Assert.False(File.Exists(Store.PathOf(gone.ThumbSha256, "jpg")));
        Assert.True(File.Exists(Store.PathOf(storedAgain.Sha256, "png")));
        Assert.True(File.Exists(Store.PathOf(freshSha, "png")));
        Assert.True(File.Exists(Store.PathOf(kept.Sha256, "png")));
        Assert.True(File.Exists(Store.PathOf(kept.ThumbSha256, "jpg")));
        using var anonymous = factory.CreateClient();
        await AssertServedAsync(anonymous, kept);
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

    /// <summary>What an upload does before its row is written, at <paramref name="now"/>.</summary>
    private void StoreAt(DateTimeOffset now, byte[] png, string sha256)
    {
        var store = ActivatorUtilities.CreateInstance<MediaStore>(factory.Services, (TimeProvider)new TestClock(now));
        var temp = store.NewTempPath("png");
        File.WriteAllBytes(temp, png);
        store.Keep(temp, sha256, "png");
    }

    private MediaSweeper SweeperAt(DateTimeOffset now) => ActivatorUtilities.CreateInstance<MediaSweeper>(
        factory.Services, Options.Create(new MediaSweepOptions { GracePeriod = Grace }), (TimeProvider)new TestClock(now));
}
