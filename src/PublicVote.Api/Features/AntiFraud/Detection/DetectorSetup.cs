using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PublicVote.Api.Features.AntiFraud.Detection;

public static class DetectorSetup
{
    /// <summary>
    /// Registers the background detectors (docs/antifraud-detectors.md) as <see cref="IVoteDetector"/> singletons, their
    /// options bound from <c>AntiFraud:Detectors:Burst|Composition|Timing|Lockstep|SlowDrip</c> and validated at start.
    /// Idempotent: calling it again (from the detector host's setup and from Program.cs) registers nothing twice.
    /// </summary>
    public static IServiceCollection AddVoteDetectors(this IServiceCollection services)
    {
        services.AddOptions<BurstDetectorOptions>().BindConfiguration(BurstDetectorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CompositionDetectorOptions>().BindConfiguration(CompositionDetectorOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.MachineDwellMs < o.ShortDwellMs, "AntiFraud:Detectors:Composition:MachineDwellMs must be below ShortDwellMs.")
            .ValidateOnStart();
        services.AddOptions<TimingDetectorOptions>().BindConfiguration(TimingDetectorOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.MinGaps <= o.MaxGaps, "AntiFraud:Detectors:Timing:MinGaps must not exceed MaxGaps.")
            .ValidateOnStart();
        services.AddOptions<LockstepDetectorOptions>().BindConfiguration(LockstepDetectorOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.CoherenceWindow <= o.RoundGap, "AntiFraud:Detectors:Lockstep:CoherenceWindow must not exceed RoundGap.")
            .ValidateOnStart();
        services.AddOptions<SlowDripDetectorOptions>().BindConfiguration(SlowDripDetectorOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.SettleTime < o.VoterMemory, "AntiFraud:Detectors:SlowDrip:SettleTime must be shorter than VoterMemory.")
            .ValidateOnStart();

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVoteDetector, BurstDetector>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVoteDetector, CompositionDetector>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVoteDetector, TimingDetector>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVoteDetector, LockstepDetector>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVoteDetector, SlowDripDetector>());
        return services;
    }
}
