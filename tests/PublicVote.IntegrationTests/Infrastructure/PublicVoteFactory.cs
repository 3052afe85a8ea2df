using System.Net.Http.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PublicVote.Api.Background;
using PublicVote.Api.Features.Voting;
using PublicVote.Api.Storage.Redis;
using StackExchange.Redis;

namespace PublicVote.IntegrationTests.Infrastructure;

/// <summary>
/// The API on a test server against the real Redis and PostgreSQL of the run: a fresh database and a unique
/// Redis key prefix per instance (one per test class), a settable clock, the flusher off unless a test turns it
/// on (tests drain explicitly, so they are deterministic). Subclasses change settings for one test class.
/// </summary>
public class PublicVoteFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SessionKey = "dGVzdC1zZXNzaW9uLWtleS10ZXN0LXNlc3Npb24ta2V5LTEyMzQ1Njc4";
    public const string AdminTokenKey = "dGVzdC1hZG1pbi10b2tlbi1rZXktdGVzdC1hZG1pbi10b2tlbi1rZXkh";

    private readonly bool _ownDatabase;

    public PublicVoteFactory()
        : this(null)
    {
    }

    protected PublicVoteFactory(Action<Dictionary<string, string?>>? configure)
    {
        DatabaseName = "pv_t_" + Guid.NewGuid().ToString("N")[..16];
        Settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = TestServices.Redis,
            ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(TestServices.PostgresAdmin) { Database = DatabaseName }.ConnectionString,
            ["Redis:KeyPrefix"] = "pvt-" + Guid.NewGuid().ToString("N")[..12],
            // A starved 2-core CI box must not turn a slow Redis reply into a 503; an unreachable Redis
            // still fails at once (connection refused), which is what the Redis-down tests check.
            ["Redis:CommandTimeout"] = "00:00:30",
            ["Voting:SessionKey"] = SessionKey,
            ["Admin:TokenKey"] = AdminTokenKey,
            ["Flusher:Enabled"] = "false",
            // Tests run scans and surge ticks explicitly (FraudScanner), like the flusher.
            ["AntiFraud:Host:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["RateLimiting:PerVoterBurst"] = "1000000",
            ["RateLimiting:PerVoterPerSecond"] = "1000000",
            ["RateLimiting:PerIpBurst"] = "10000000",
            ["RateLimiting:PerIpPerSecond"] = "10000000",
            // A test class signs in many times within a minute.
            ["Admin:LoginAttemptsPerIpBurst"] = "100000",
            ["Media:Root"] = Path.Combine(Path.GetTempPath(), "pv-media-" + Guid.NewGuid().ToString("N")[..12]),
        };
        var postgres = Settings["ConnectionStrings:Postgres"];
        configure?.Invoke(Settings);
        _ownDatabase = Settings["ConnectionStrings:Postgres"] == postgres;
    }

    public string DatabaseName { get; }

    public Dictionary<string, string?> Settings { get; }

    public TestClock Clock { get; init; } = new(TestCampaigns.DefaultNow);

    public NpgsqlDataSource Db => Services.GetRequiredService<NpgsqlDataSource>();

    public IDatabase Redis => Services.GetRequiredService<RedisConnection>().Database;

    public RedisKeys Keys => Services.GetRequiredService<RedisKeys>();

    public async Task InitializeAsync()
    {
        if (_ownDatabase)
        {
            await using var admin = new NpgsqlConnection(TestServices.PostgresAdmin);
            await admin.ExecuteAsync($"CREATE DATABASE {DatabaseName}");
        }
        _ = Server; // start the host now: migrations run, so tests can insert campaigns at once
    }

    public TestAccounts Accounts => new(this);

    /// <summary>A client signed in (bearer token) as a fresh account holding <paramref name="role"/> on that campaign (or globally for admin).</summary>
    public Task<HttpClient> AdminClientAsync(string role, long? campaignId = null) => Accounts.ClientAsync(role, campaignId);

    public Task<TestCampaign> CreateCampaignAsync(CampaignSpec? spec = null) =>
        TestCampaigns.CreateAsync(Db, spec ?? new CampaignSpec());

    public string SessionFor(string openId, long campaignId, TimeSpan? lifetime = null) =>
        Services.GetRequiredService<VoterSessionTokens>().Issue(openId, campaignId, lifetime ?? TimeSpan.FromHours(2));

    public async Task<HttpResponseMessage> VoteAsync(
        HttpClient client, long campaignId, long candidateId, string? session, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/campaigns/{campaignId}/votes")
        {
            Content = JsonContent.Create(new { candidateId }),
        };
        if (session is not null)
        {
            request.Headers.Authorization = new("Bearer", session);
        }
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return await client.SendAsync(request);
    }

    /// <summary>The receipts of the votes stored in PostgreSQL for a campaign (same shape as the API's receipts).</summary>
    public async Task<List<string>> StoredReceiptsAsync(long campaignId)
    {
        await using var db = await Db.OpenConnectionAsync();
        return (await db.QueryAsync<string>(
            "SELECT campaign_id || '-' || shard || '-' || stream_ms || '-' || stream_seq FROM votes WHERE campaign_id = @campaignId",
            new { campaignId })).AsList();
    }

    /// <summary>
    /// Runs the flusher until every stream of every campaign is empty. A pass that moves nothing is not proof: when
    /// PostgreSQL refuses the campaign list for a moment (a busy CI box), the flusher keeps to its last list and
    /// skips a campaign created since, so the streams are checked too.
    /// </summary>
    public async Task DrainAsync()
    {
        var flusher = Services.GetRequiredService<VoteFlusher>();
        await Eventually.HoldsAsync(async () =>
        {
            while (await flusher.FlushAllAsync() > 0)
            {
            }
            return await flusher.BacklogAsync() == 0;
        }, "the flusher empties every vote stream");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        var prefix = Settings["Redis:KeyPrefix"];
        try
        {
            var multiplexer = Services.GetRequiredService<RedisConnection>().Database.Multiplexer;
            var server = multiplexer.GetServer(multiplexer.GetEndPoints()[0]);
            var keys = server.Keys(pattern: prefix + ":*").ToArray();
            if (keys.Length > 0)
            {
                await Redis.KeyDeleteAsync(keys);
            }
        }
        catch (RedisConnectionException)
        {
            // a test class that pointed Redis elsewhere on purpose
        }
        await DisposeAsync();
        if (Settings["Media:Root"] is { } media && Directory.Exists(media))
        {
            Directory.Delete(media, recursive: true);
        }
        if (_ownDatabase)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(TestServices.PostgresAdmin);
            // FORCE may not terminate a backend of another role (an autovacuum worker that just started on the
            // database): 42501. It is gone a moment later; a database left behind only costs disk until the
            // test instance is stopped, so give up quietly after a few tries.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)");
                    break;
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
                {
                    await Task.Delay(100);
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
                {
                    break;
                }
            }
        }
    }
}
