using System.Net;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Web;

public sealed class ShareApiTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task TheQrCodeOfAnH5LinkIsAPng()
    {
        var response = await _client.GetAsync("/api/v1/share/qr?path=" + Uri.EscapeDataString("/h5/candidate.html?c=1&id=2"));
        var png = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        // No public origin configured in tests: the answer names the request's host, so it stays out of shared caches.
        Assert.True(response.Headers.CacheControl?.Private);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://evil.example/h5/")]
    [InlineData("//evil.example/h5/")]
    [InlineData("/api/v1/campaigns/1")]
    [InlineData("/h5//evil.example")]
    [InlineData("/h5/a b")]
    public async Task OnlyPathsOfOurH5PagesAreEncoded(string? path)
    {
        var url = "/api/v1/share/qr" + (path is null ? "" : "?path=" + Uri.EscapeDataString(path));
        var problem = await ProblemAssert.IsProblemAsync(await _client.GetAsync(url), HttpStatusCode.BadRequest, "invalid-request");
        Assert.Contains("/h5/", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }
}
