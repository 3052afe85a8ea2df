namespace PublicVote.Api.Hosting;

/// <summary>The OpenAPI document of every endpoint at <c>/openapi/v1.json</c> (Microsoft.AspNetCore.OpenApi).</summary>
public static class OpenApiSetup
{
    public static IServiceCollection AddPublicVoteOpenApi(this IServiceCollection services) => services.AddOpenApi();

    public static IEndpointConventionBuilder MapPublicVoteOpenApi(this WebApplication app) => app.MapOpenApi();
}
