using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PublicVote.Api.Features.AntiFraud.Detection;

namespace PublicVote.UnitTests.AntiFraud;

public sealed class DetectorSetupTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings, int calls = 1)
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        for (var i = 0; i < calls; i++)
        {
            services.AddVoteDetectors();
        }
        return services.BuildServiceProvider();
    }

    [Fact]
    public void EveryDetectorIsRegisteredOnceEvenWhenAddedTwice()
    {
        using var services = Services([], calls: 2);

        var names = services.GetServices<IVoteDetector>().Select(d => d.Name).ToList();

        Assert.Equal(["burst", "composition", "timing", "lockstep", "slowdrip"], names);
        Assert.Same(services.GetServices<IVoteDetector>().First(), services.GetServices<IVoteDetector>().First());
    }

    [Fact]
    public void SettingsComeFromTheAntiFraudDetectorsSection()
    {
        using var services = Services(new()
        {
            ["AntiFraud:Detectors:Burst:Threshold"] = "20",
            ["AntiFraud:Detectors:Lockstep:Lookback"] = "2.00:00:00",
            ["AntiFraud:Detectors:SlowDrip:Shift"] = "0.2",
        });

        Assert.Equal(20, services.GetRequiredService<IOptions<BurstDetectorOptions>>().Value.Threshold);
        Assert.Equal(TimeSpan.FromDays(2), services.GetServices<IVoteDetector>().Single(d => d.Name == "lockstep").Lookback);
        Assert.Equal(0.2, services.GetRequiredService<IOptions<SlowDripDetectorOptions>>().Value.Shift);
    }

    [Theory]
    [InlineData("AntiFraud:Detectors:Burst:ShiftFactor", "1", "ShiftFactor")]
    [InlineData("AntiFraud:Detectors:Composition:MachineDwellMs", "20000", "MachineDwellMs must be below ShortDwellMs")]
    [InlineData("AntiFraud:Detectors:Timing:MinGaps", "100", "MinGaps must not exceed MaxGaps")]
    [InlineData("AntiFraud:Detectors:Lockstep:Coverage", "0.3", "Coverage")]
    [InlineData("AntiFraud:Detectors:SlowDrip:SettleTime", "10.00:00:00", "SettleTime must be shorter than VoterMemory")]
    public void ABadSettingIsRefusedWithItsName(string key, string value, string message)
    {
        using var services = Services(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetServices<IVoteDetector>().ToList());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
