using PublicVote.Api.Features.AntiFraud.Signals;

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
        services.AddSingleton<VoterKeys>();
        services.AddSingleton<VoteTokens>();
        services.AddSingleton<VoteSignalReader>();
        return services;
    }

    public static WebApplication MapAntiFraud(this WebApplication app)
    {
        app.MapVoteTokens();
        return app;
    }
}
