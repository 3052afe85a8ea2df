using Microsoft.Extensions.DependencyInjection.Extensions;
using PublicVote.Api.Background;
using PublicVote.Api.Features.Campaigns;
using PublicVote.Api.Features.Organizers;
using PublicVote.Api.Features.Voting;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features;

public static class FeatureSetup
{
    public static IServiceCollection AddVoting(this IServiceCollection services)
    {
        services.AddOptions<VotingOptions>().BindConfiguration(VotingOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => IsKeyOfAtLeast32Bytes(o.SessionKey), "Voting:SessionKey must be base64 of at least 32 bytes.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<VoterSessionTokens>();
        services.AddSingleton<VoterSessionReader>();
        services.AddSingleton<VoterContext>();
        services.AddSingleton<CampaignRulesCache>();
        services.AddHostedService<CampaignRulesRefresher>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, AppJsonContext.Default));
        return services;
    }

    public static IServiceCollection AddOrganizer(this IServiceCollection services)
    {
        services.AddOptions<OrganizerOptions>().BindConfiguration(OrganizerOptions.Section);
        services.AddSingleton<OrganizerKeyFilter>();
        services.AddSingleton<TotalsService>();
        return services;
    }

    /// <summary>The Redis → PostgreSQL flusher; <c>Flusher:Enabled=false</c> keeps it off this node.</summary>
    public static IServiceCollection AddVoteFlusher(this IServiceCollection services)
    {
        services.AddOptions<FlusherOptions>().BindConfiguration(FlusherOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<VoteFlusher>();
        services.AddSingleton<FlusherStatus>();
        services.AddHostedService<VoteFlusherService>();
        return services;
    }

    private static bool IsKeyOfAtLeast32Bytes(string key)
    {
        var buffer = new byte[(key.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(key, buffer, out var length) && length >= 32;
    }
}
