using System.Net;
using System.Net.Http.Headers;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Organizers;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Organizers;

public sealed class OrganizerAccessTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("YTF8MXwwMHwx.AAAA")]
    public async Task TotalsRefuseCallersWithoutAValidAdminToken(string? token)
    {
        var campaign = await factory.CreateCampaignAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/admin/campaigns/{campaign.Id}/totals");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        await ProblemAssert.IsProblemAsync(await factory.CreateClient().SendAsync(request), HttpStatusCode.Unauthorized, "admin-login-required");
    }

    [Fact]
    public async Task AVoterSessionIsNotAnAdminToken()
    {
        var campaign = await factory.CreateCampaignAsync();
        using var voter = factory.Accounts.BearerClient(factory.SessionFor("voter-1", campaign.Id));
        await ProblemAssert.IsProblemAsync(await voter.GetAsync($"/api/admin/campaigns/{campaign.Id}/totals"),
            HttpStatusCode.Unauthorized, "admin-login-required");
    }

    [Theory]
    [InlineData(Roles.Organizer)]
    [InlineData(Roles.Reviewer)]
    [InlineData(Roles.Admin)]
    public async Task OrganizersReviewersAndAdminsSeeTheTotals(string role)
    {
        var campaign = await factory.CreateCampaignAsync();
        using var client = await factory.AdminClientAsync(role, campaign.Id);
        var totals = await ProblemAssert.IsOkAsync<CampaignTotals>(await client.GetAsync($"/api/admin/campaigns/{campaign.Id}/totals"));
        Assert.Equal(campaign.Id, totals.CampaignId);
    }

    [Fact]
    public async Task AJudgeOrAnOrganizerOfAnotherCampaignIsForbidden()
    {
        var campaign = await factory.CreateCampaignAsync();
        var other = await factory.CreateCampaignAsync();
        using var judge = await factory.AdminClientAsync(Roles.Judge, campaign.Id);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, other.Id);
        foreach (var client in new[] { judge, organizer })
        {
            await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/admin/campaigns/{campaign.Id}/totals"),
                HttpStatusCode.Forbidden, "admin-role-required");
        }
    }

    [Fact]
    public async Task TotalsOfAnUnknownCampaignAreNotFound()
    {
        using var admin = await factory.AdminClientAsync(Roles.Admin);
        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/admin/campaigns/424242/totals"), HttpStatusCode.NotFound, "campaign-not-found");
    }
}
