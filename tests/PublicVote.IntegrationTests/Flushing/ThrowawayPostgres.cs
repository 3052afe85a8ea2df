using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Flushing;

/// <summary>
/// A PostgreSQL server of its own (own port and data folder), started and stopped through the project's
/// <c>infra/services.sh</c>, so one test can take it down without disturbing the others.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "pv-pg-" + Guid.NewGuid().ToString("N")[..10]);

    public int Port { get; } = TestServices.FreePort();

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Database=publicvote;Username=publicvote;Timeout=3";

    public Task StartAsync() => RunAsync("pg-start");

    public Task StopAsync() => RunAsync("pg-stop");

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    private Task RunAsync(string command) => ServicesScript.RunAsync(command, new Dictionary<string, string>
    {
        ["PV_DATA_DIR"] = _dataDir,
        ["PV_PG_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PV_PG_FAST_INIT"] = "1",
    });
}
