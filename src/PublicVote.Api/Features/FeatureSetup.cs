using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PublicVote.Api.Background;
using PublicVote.Api.Features.Campaigns;
using PublicVote.Api.Features.Campaigns.Definition;
using PublicVote.Api.Features.Organizers;
using PublicVote.Api.Features.Voting;
using PublicVote.Api.Features.WeChat;
using PublicVote.Api.Hosting;
using PublicVote.Api.Storage.Redis;

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
        services.AddSingleton<TotalsService>();
        services.AddSingleton<CampaignDefinitionService>();
        return services;
    }

    /// <summary>WeChat sign-in, the shared WeChat credentials and the JS-SDK signature (docs/wechat.md).</summary>
    public static IServiceCollection AddWeChat(this IServiceCollection services)
    {
        services.AddOptions<WeChatOptions>().BindConfiguration(WeChatOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.PublicBaseUrl.Length == 0 || IsHttpUrl(o.PublicBaseUrl), "WeChat:PublicBaseUrl must be an absolute http(s) URL.")
            .Validate(o => o.AppId.Length == 0 || o.AppId.All(char.IsAsciiLetterOrDigit), "WeChat:AppId must be letters and digits.")
            .ValidateOnStart();
        // No HttpClient loggers: WeChat URLs carry the AppSecret, codes and tokens.
        services.AddHttpClient(WeChatClient.HttpClientName, (sp, http) =>
                http.Timeout = sp.GetRequiredService<IOptions<WeChatOptions>>().Value.RequestTimeout)
            .RemoveAllLoggers();
        services.AddSingleton<RetryBudget>();
        services.AddSingleton<WeChatClient>();
        services.AddSingleton<WeChatStore>();
        services.AddSingleton<WeChatCredentials>();
        services.AddSingleton<OAuthState>();
        services.AddSingleton<OAuthLogin>();
        services.AddHostedService<WeChatCredentialRefresher>();
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

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    internal static bool IsKeyOfAtLeast32Bytes(string key)
    {
        var buffer = new byte[(key.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(key, buffer, out var length) && length >= 32;
    }
}
