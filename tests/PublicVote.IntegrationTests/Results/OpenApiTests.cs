using System.Text.Json;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Results;

public sealed class OpenApiTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Fact]
    public async Task TheScoringResultsAndExportRoutesAreInTheOpenApiDocument()
    {
        using var client = factory.CreateClient();

        var document = await ProblemAssert.IsOkAsync<JsonElement>(await client.GetAsync("/openapi/v1.json"));

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        string[] expected =
        [
            "/api/admin/campaigns/{campaignId}/scores",
            "/api/admin/campaigns/{campaignId}/scores/progress",
            "/api/admin/campaigns/{campaignId}/scores/{candidateId}/judges/{judgeId}/unlock",
            "/api/admin/campaigns/{campaignId}/entered-scores",
            "/api/admin/campaigns/{campaignId}/results",
            "/api/admin/campaigns/{campaignId}/results/audit",
            "/api/admin/campaigns/{campaignId}/results/publications",
            "/api/admin/campaigns/{campaignId}/exports/awards",
            "/api/v1/campaigns/{campaignId}/results",
        ];
        Assert.All(expected, path => Assert.Contains(path, paths));
        var post = document.GetProperty("paths").GetProperty("/api/admin/campaigns/{campaignId}/scores").GetProperty("post");
        Assert.True(post.TryGetProperty("requestBody", out _), "the score sheet body is described");
    }
}
