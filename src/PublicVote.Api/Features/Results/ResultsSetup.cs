using PublicVote.Api.Features.Exports;
using PublicVote.Api.Features.Publication;
using PublicVote.Api.Features.Scoring;

namespace PublicVote.Api.Features.Results;

/// <summary>Expert scoring, results, publication and exports (docs/results.md).</summary>
public static class ResultsSetup
{
    public static IServiceCollection AddResults(this IServiceCollection services)
    {
        services.AddSingleton<ResultInputsLoader>();
        services.AddSingleton<PublicResultsCache>();
        return services;
    }

    public static IEndpointRouteBuilder MapResultsFeatures(this IEndpointRouteBuilder app)
    {
        app.MapScoring();
        app.MapResults();
        app.MapPublication();
        app.MapExports();
        app.MapPublicResults();
        return app;
    }
}
