using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Web;

/// <summary>The H5 pages as served: fingerprinted assets, cache headers, revalidation, compression, security headers.</summary>
public sealed partial class StaticSiteTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    private readonly HttpClient _client = factory.CreateDefaultClient();

    [Fact]
    public async Task PagesReferenceOnlyFingerprintedAssetsWhichAreCachedForAYear()
    {
        var page = await _client.GetAsync("/h5/candidate.html");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);

        var assets = AssetUrl().Matches(html).Select(m => m.Groups[1].Value).ToArray();
        Assert.Contains(assets, a => a.StartsWith("/h5/js/candidate.", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("/h5/css/h5.", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("/h5/js/vote.", StringComparison.Ordinal)); // a module it imports: preloaded
        foreach (var asset in assets)
        {
            Assert.Matches(@"\.[0-9a-f]{10}\.(js|css|svg)$", asset);
            using var response = await _client.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        }
        var script = await _client.GetStringAsync(assets.First(a => a.StartsWith("/h5/js/candidate.", StringComparison.Ordinal)));
        Assert.Matches(@"from '/h5/js/vote\.[0-9a-f]{10}\.js'", script);
        Assert.DoesNotContain("'./vote.js'", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDirectoryServesItsIndexAndAnUnchangedPageIsNotSentAgain()
    {
        var first = await _client.GetAsync("/h5/");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("/h5/js/home.", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var etag = first.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/h5/index.html");
        again.Headers.IfNoneMatch.Add(etag);
        var second = await _client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip, deflate", "gzip")]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData("identity", null)]
    public async Task TextIsSentCompressedTheWayTheBrowserAccepts(string acceptEncoding, string? expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/h5/index.html");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(expected, response.Content.Headers.ContentEncoding.SingleOrDefault());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Stream decoded = expected switch
        {
            "br" => new BrotliStream(new MemoryStream(body), CompressionMode.Decompress),
            "gzip" => new GZipStream(new MemoryStream(body), CompressionMode.Decompress),
            _ => new MemoryStream(body),
        };
        using var reader = new StreamReader(decoded);
        Assert.StartsWith("<!doctype html>", await reader.ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagesCarryAPolicyThatAllowsOnlyOurOriginAndWeChatsScriptHost()
    {
        var page = await _client.GetAsync("/h5/");
        var policy = string.Join(' ', page.Headers.GetValues("Content-Security-Policy"));

        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self' https://res.wx.qq.com https://res2.wx.qq.com;", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(page.Headers.GetValues("Referrer-Policy")));
        Assert.DoesNotContain("<script>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiAnswersAreNotSniffedAndCarryNoPagePolicy()
    {
        var campaign = await factory.CreateCampaignAsync();
        var response = await _client.GetAsync($"/api/v1/campaigns/{campaign.Id}");

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
    }

    [Theory]
    [InlineData("/h5/js/home.0000000000.js")]
    [InlineData("/h5/nothing.html")]
    [InlineData("/h5/../appsettings.json")]
    public async Task UnknownFilesAreTheApisNotFoundProblem(string path)
    {
        await ProblemAssert.IsProblemAsync(await _client.GetAsync(path), HttpStatusCode.NotFound, "not-found");
    }

    [GeneratedRegex("""(?:src|href)="(/h5/[^"]+\.(?:js|css|svg))""")]
    private static partial Regex AssetUrl();
}
