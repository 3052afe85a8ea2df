using System.Net;
using System.Net.Sockets;

namespace PublicVote.IntegrationTests.Infrastructure;

/// <summary>
/// Where the real Redis and PostgreSQL of the test run are: <c>infra/test.sh</c> starts them and exports these
/// variables; the defaults match its ports so a test run from an IDE works after <c>PV_INSTANCE=test bash infra/services.sh start</c>.
/// </summary>
public static class TestServices
{
    public static string Redis => Environment.GetEnvironmentVariable("PV_TEST_REDIS") ?? "127.0.0.1:6392";

    /// <summary>Admin connection (database <c>postgres</c>) used to create a fresh database per test class.</summary>
    public static string PostgresAdmin => Environment.GetEnvironmentVariable("PV_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5442;Database=postgres;Username=publicvote";

    public static string InfraDir => Environment.GetEnvironmentVariable("PV_INFRA_DIR")
        ?? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../infra"));

    /// <summary>A loopback port nothing listens on right now (the OS picks it, so parallel runs do not collide).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
