using System.Globalization;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Redis;

/// <summary>
/// A Redis server of its own (own port and data folder), started and stopped through <c>infra/services.sh</c>, so a
/// test may pause it or kill its clients without disturbing the other tests.
/// </summary>
public sealed class ThrowawayRedis : IAsyncDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "pv-redis-" + Guid.NewGuid().ToString("N")[..10]);

    public int Port { get; } = TestServices.FreePort();

    public string Endpoint => $"127.0.0.1:{Port}";

    public Task StartAsync() => RunAsync("redis-start");

    public async ValueTask DisposeAsync()
    {
        await RunAsync("redis-stop");
        Directory.Delete(_dataDir, recursive: true);
    }

    private Task RunAsync(string command) => ServicesScript.RunAsync(command, new Dictionary<string, string>
    {
        ["PV_DATA_DIR"] = _dataDir,
        ["PV_REDIS_PORT"] = Port.ToString(CultureInfo.InvariantCulture),
    });
}
