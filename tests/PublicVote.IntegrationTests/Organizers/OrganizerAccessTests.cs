using System.Net;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Organizers;

public sealed class OrganizerAccessTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-key")]
    [InlineData("test-organizer-key-but-longer")]
    public async Task TotalsRefuseCallersWithoutTheOrganizerKey(string? key)
    {
        var campaign = await factory.CreateCampaignAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/admin/campaigns/{campaign.Id}/totals");
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }
        await ProblemAssert.IsProblemAsync(await factory.CreateClient().SendAsync(request), HttpStatusCode.Unauthorized, "organizer-key-required");
    }

    [Fact]
    public async Task TotalsOfAnUnknownCampaignAreNotFound()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/campaigns/424242/totals");
        request.Headers.Add("X-Api-Key", PublicVoteFactory.OrganizerKey);
        await ProblemAssert.IsProblemAsync(await factory.CreateClient().SendAsync(request), HttpStatusCode.NotFound, "campaign-not-found");
    }
}
