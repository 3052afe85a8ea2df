using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.Api.Features.Accounts;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Phases;

/// <summary>
/// The phase and objection admin routes are under /api/admin, so AdminRouteAuthorizationTests walks them (anonymous
/// 401, wrong role 403); this pins that they are there, organizer-only, so a rename cannot drop them from that walk.
/// </summary>
public sealed class PhaseAdminRoutesTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Theory]
    [InlineData("GET", "api/admin/campaigns/{campaignId:long}/phase")]
    [InlineData("POST", "api/admin/campaigns/{campaignId:long}/phase/hold")]
    [InlineData("POST", "api/admin/campaigns/{campaignId:long}/phase/advance")]
    [InlineData("POST", "api/admin/campaigns/{campaignId:long}/phase/release")]
    [InlineData("GET", "api/admin/campaigns/{campaignId:long}/objections")]
    [InlineData("GET", "api/admin/campaigns/{campaignId:long}/objections/{objectionId:long}")]
    [InlineData("POST", "api/admin/campaigns/{campaignId:long}/objections/{objectionId:long}/resolution")]
    public void TheRouteIsAnOrganizerRouteUnderTheAdminPrefix(string method, string template)
    {
        var endpoint = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText?.TrimStart('/').TrimEnd('/') == template
                && e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(method) == true);

        var access = endpoint.Metadata.GetMetadata<AdminAccess>();
        Assert.Equal(AdminAccessKind.CampaignRole, access?.Kind);
        Assert.Equal([Roles.Organizer], access!.Roles);
    }
}
