using Npgsql;

namespace PublicVote.FraudEval.Replay;

/// <summary>
/// Where the service target's Redis and PostgreSQL are: by default what <c>infra/services.sh env</c> exports
/// (<c>ConnectionStrings__Redis</c>, <c>ConnectionStrings__Postgres</c>). Each run gets its own database on that
/// PostgreSQL server and its own Redis key prefix, and removes both when it ends.
/// </summary>
internal sealed record ServiceConnection(string Redis, string Postgres)
{
    public static ServiceConnection FromEnvironment() => new(
        Environment.GetEnvironmentVariable("ConnectionStrings__Redis") ?? "127.0.0.1:6391",
        Environment.GetEnvironmentVariable("ConnectionStrings__Postgres") ?? "Host=127.0.0.1;Port=5441;Database=publicvote;Username=publicvote");

    /// <summary>The same server and role, database <c>postgres</c>: to create and drop the run's database.</summary>
    public string Admin => new NpgsqlConnectionStringBuilder(Postgres) { Database = "postgres" }.ConnectionString;

    public string ForDatabase(string database) => new NpgsqlConnectionStringBuilder(Postgres) { Database = database }.ConnectionString;

    /// <summary>Refuses anything but this machine: the replay is a load test, and load only ever goes to loopback.</summary>
    public void CheckLoopback()
    {
        var host = new NpgsqlConnectionStringBuilder(Postgres).Host ?? "";
        var redisHost = Redis.Split(',')[0].Split(':')[0];
        if (!IsLoopback(host) || !IsLoopback(redisHost))
        {
            throw new ArgumentException("--target service replays against Redis and PostgreSQL on 127.0.0.1 / localhost only.");
        }
    }

    private static bool IsLoopback(string host) => host is "127.0.0.1" or "localhost" or "::1";
}
