using PublicVote.Api.Features.Candidates.Public;
using PublicVote.Api.Features.Media;

namespace PublicVote.Api.Features.Candidates;

public static class CandidatesSetup
{
    /// <summary>Nomination (candidates, review, import), photos and media (and the sweep of unreferenced media files), and the public candidate pages' cache (docs/candidates.md).</summary>
    public static IServiceCollection AddCandidates(this IServiceCollection services)
    {
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MediaSweepOptions>().BindConfiguration(MediaSweepOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MediaStore>();
        services.AddSingleton<MediaReferences>();
        services.AddSingleton<MediaSweeper>();
        services.AddHostedService<MediaSweepService>();
        services.AddSingleton<Thumbnailer>();
        services.AddSingleton<PublicCandidateDirectory>();
        services.AddSingleton<CandidateChanges>();
        services.AddOutputCache(o => o.AddPolicy(PublicCandidatesCachePolicy.Name, new PublicCandidatesCachePolicy()));
        return services;
    }

    public static IEndpointRouteBuilder MapCandidates(this IEndpointRouteBuilder app)
    {
        app.MapCandidateAdmin();
        app.MapCandidatePhotos();
        app.MapMedia();
        return app;
    }
}
