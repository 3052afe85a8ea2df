using PublicVote.Api.Features.AntiFraud.Cases;
using PublicVote.Api.Features.AntiFraud.Host;
using PublicVote.Api.Features.AntiFraud.Review;
using PublicVote.Api.Features.AntiFraud.Signals;
using PublicVote.Api.Features.AntiFraud.Surge;

namespace PublicVote.Api.Features.AntiFraud;

/// <summary>Anti-fraud (docs/antifraud.md): hot-path signals, vote tokens, surge mode, cases, the reviewer API, the detector host.</summary>
public static class AntiFraudSetup
{
    /// <summary>
    /// Detectors are added as <c>services.AddSingleton&lt;IVoteDetector, MyDetector&gt;()</c>; the host feeds every
    /// registered one. <c>AntiFraud:Host:Enabled=false</c> keeps the host off this node.
    /// </summary>
    public static IServiceCollection AddAntiFraud(this IServiceCollection services)
    {
        services.AddOptions<AntiFraudOptions>().BindConfiguration(AntiFraudOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SurgeOptions>().BindConfiguration(SurgeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DetectorHostOptions>().BindConfiguration(DetectorHostOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<VoterKeys>();
        services.AddSingleton<VoteTokens>();
        services.AddSingleton<VoteSignalReader>();
        services.AddSingleton<SurgeStore>();
        services.AddSingleton<SurgeMonitor>();
        services.AddSingleton<CaseWriter>();
        services.AddSingleton<LiveCounterAdjuster>();
        services.AddSingleton<CaseQueries>();
        services.AddSingleton<CaseActions>();
        services.AddSingleton<ScanRepository>();
        services.AddSingleton<HeldVoteRelease>();
        services.AddSingleton<FraudScanner>();
        services.AddHostedService<FraudScanService>();
        return services;
    }

    public static WebApplication MapAntiFraud(this WebApplication app)
    {
        app.MapVoteTokens();
        app.MapFraudReview();
        return app;
    }
}
