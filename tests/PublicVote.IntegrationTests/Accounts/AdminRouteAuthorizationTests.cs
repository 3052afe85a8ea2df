using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.Api.Features.Accounts;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Accounts;

/// <summary>
/// Walks every endpoint the app maps under /api/admin, so a route added later without authorization fails here:
/// anonymous callers get 401, and callers without the declared role get 403.
/// </summary>
public sealed class AdminRouteAuthorizationTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    private static readonly string[] Anonymous = ["POST /api/admin/login", "POST /api/admin/logout"];
    private static readonly string[] AnyAccount = ["GET /api/admin/antiforgery", "GET /api/admin/me"];

    /// <summary>The nomination routes (docs/candidates.md): enumerated below like every other, listed here so that losing one fails.</summary>
    private static readonly string[] CandidateRoutes =
    [
        "GET /api/admin/campaigns/{campaignId}/candidates",
        "POST /api/admin/campaigns/{campaignId}/candidates",
        "GET /api/admin/campaigns/{campaignId}/candidates/{candidateId}",
        "PUT /api/admin/campaigns/{campaignId}/candidates/{candidateId}",
        "POST /api/admin/campaigns/{campaignId}/candidates/{candidateId}/approve",
        "POST /api/admin/campaigns/{campaignId}/candidates/{candidateId}/reject",
        "POST /api/admin/campaigns/{campaignId}/candidates/{candidateId}/disqualify",
        "POST /api/admin/campaigns/{campaignId}/candidates/{candidateId}/withdraw",
        "POST /api/admin/campaigns/{campaignId}/candidates/import",
        "POST /api/admin/campaigns/{campaignId}/candidates/{candidateId}/photos",
        "DELETE /api/admin/campaigns/{campaignId}/candidates/{candidateId}/photos/{sha256}",
        "PUT /api/admin/campaigns/{campaignId}/candidates/{candidateId}/photos/order",
    ];

    [Fact]
    public async Task EveryAdminRouteRefusesAnonymousCallersAndCallersWithoutItsRole()
    {
        var campaign = await factory.CreateCampaignAsync();
        var other = await factory.CreateCampaignAsync();
        using var judgeElsewhere = await factory.AdminClientAsync(Roles.Judge, other.Id);
        using var judgeHere = await factory.AdminClientAsync(Roles.Judge, campaign.Id);
        using var anonymous = factory.CreateClient();
        var endpoints = AdminEndpoints();
        Assert.Equal(Anonymous, endpoints.Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(e => e.Name).Order());
        Assert.Equal(AnyAccount, endpoints.Where(e => Access(e.Endpoint)?.Kind == AdminAccessKind.AnyAccount).Select(e => e.Name).Order());
        Assert.Empty(CandidateRoutes.Except(endpoints.Select(e => e.Name)));
        var guarded = endpoints.Where(e => !Anonymous.Contains(e.Name)).ToList();
        Assert.True(guarded.Count >= 10, $"only {guarded.Count} admin endpoints found: is the enumeration broken?");

        foreach (var (name, method, endpoint) in guarded)
        {
            var url = UrlOf(endpoint.RoutePattern, campaign.Id);
            await ProblemAssert.IsProblemAsync(await SendAsync(anonymous, method, url), HttpStatusCode.Unauthorized, "admin-login-required");
            var access = Access(endpoint) ?? throw new Xunit.Sdk.XunitException(
                $"{name} declares no role (RequireRole / RequireCampaignRole / AllowAnyAccount): nobody could use it");
            if (access.Kind == AdminAccessKind.AnyAccount)
            {
                var answer = await SendAsync(judgeElsewhere, method, url);
                Assert.True(answer.IsSuccessStatusCode, $"{name}: any signed-in account may call it, got {(int)answer.StatusCode}");
                continue;
            }
            await ProblemAssert.IsProblemAsync(await SendAsync(judgeElsewhere, method, url), HttpStatusCode.Forbidden, "admin-role-required");
            if (!access.Roles.Contains(Roles.Judge))
            {
                await ProblemAssert.IsProblemAsync(await SendAsync(judgeHere, method, url), HttpStatusCode.Forbidden, "admin-role-required");
            }
        }
    }

    private List<(string Name, string Method, RouteEndpoint Endpoint)> AdminEndpoints() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => UrlOf(e.RoutePattern, 0).StartsWith("/api/admin", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (Name: $"{m} {Template(e.RoutePattern)}", Method: m, Endpoint: e)))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();

    private static AdminAccess? Access(Endpoint endpoint) => endpoint.Metadata.GetMetadata<AdminAccess>();

    private static string Template(RoutePattern pattern) => "/" + string.Join("/", pattern.PathSegments.Select(s =>
        string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            _ => "",
        }))));

    /// <summary>The route with <c>campaignId</c> filled in and every other parameter set to 1.</summary>
    private static string UrlOf(RoutePattern pattern, long campaignId) =>
        Template(pattern).Replace("{campaignId}", campaignId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Split('/').Select(s => s.StartsWith('{') ? "1" : s).Aggregate((a, b) => a + "/" + b);

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = JsonContent.Create(new { });
        }
        return client.SendAsync(request);
    }
}
