using System.Net;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using PublicVote.Api.Background;
using PublicVote.Api.Features.WeChat;
using PublicVote.Api.Storage.Redis;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.BrowserTests.Infrastructure;

/// <summary>
/// The API on real Kestrel (127.0.0.1, a port the OS picks: a browser cannot reach a TestServer) against the run's
/// Redis and a fresh PostgreSQL database, signed in through an in-process WeChat sandbox. One per test class.
/// </summary>
public sealed class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AppId = "wx0a1b2c3d4e5f6a7b";
    public const string AppSecret = "browser-sandbox-secret";
    private const string SessionKey = "YnJvd3Nlci10ZXN0LXNlc3Npb24ta2V5LWJyb3dzZXItdGVzdC0xMjM0";

    private readonly string _database = "pv_b_" + Guid.NewGuid().ToString("N")[..16];
    private readonly string _redisPrefix = "pvb-" + Guid.NewGuid().ToString("N")[..12];

    public NoonClock Clock { get; } = new();

    public SandboxServer Sandbox { get; private set; } = null!;

    public Uri BaseUrl { get; private set; } = null!;

    public NpgsqlDataSource Db => Services.GetRequiredService<NpgsqlDataSource>();

    public async Task InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(TestServices.PostgresAdmin))
        {
            await admin.ExecuteAsync($"CREATE DATABASE {_database}");
        }
        Sandbox = await SandboxServer.StartAsync(AppId, AppSecret, Clock);
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseUrl = new Uri(address.TrimEnd('/') + "/");
        // The OAuth callback and the allowed return URLs are built on the public origin, which is known only now that
        // the OS has picked the port; the options object is read per request, so setting it before the first one is enough.
        Services.GetRequiredService<IOptions<WeChatOptions>>().Value.PublicBaseUrl = BaseUrl.GetLeftPart(UriPartial.Authority);
    }

    public Task<BrowserCampaign> CreateCampaignAsync(BrowserCampaignSpec? spec = null) =>
        BrowserCampaigns.CreateAsync(Db, spec ?? new BrowserCampaignSpec(), Clock.GetUtcNow());

    /// <summary>Runs the flusher until every vote stream is empty, so PostgreSQL holds every accepted vote.</summary>
    public async Task DrainAsync()
    {
        var flusher = Services.GetRequiredService<VoteFlusher>();
        while (await flusher.FlushAllAsync() > 0)
        {
        }
    }

    public async Task<Dictionary<long, long>> StoredVotesAsync(long campaignId)
    {
        await DrainAsync();
        await using var connection = await Db.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(long CandidateId, long Votes)>(
            "SELECT candidate_id, count(*) FROM votes WHERE campaign_id = @campaignId GROUP BY candidate_id", new { campaignId });
        return rows.ToDictionary(r => r.CandidateId, r => r.Votes);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = TestServices.Redis,
            ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(TestServices.PostgresAdmin) { Database = _database }.ConnectionString,
            ["Redis:KeyPrefix"] = _redisPrefix,
            ["Redis:CommandTimeout"] = "00:00:30",
            ["Voting:SessionKey"] = SessionKey,
            ["Flusher:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["RateLimiting:PerVoterBurst"] = "1000000",
            ["RateLimiting:PerVoterPerSecond"] = "1000000",
            ["RateLimiting:PerIpBurst"] = "10000000",
            ["RateLimiting:PerIpPerSecond"] = "10000000",
            ["WeChat:AppId"] = AppId,
            ["WeChat:AppSecret"] = AppSecret,
            ["WeChat:OAuthBaseUrl"] = Sandbox.BaseUrl.AbsoluteUri,
            ["WeChat:ApiBaseUrl"] = Sandbox.BaseUrl.AbsoluteUri,
            // Replaced by the real origin once Kestrel has its port (InitializeAsync).
            ["WeChat:PublicBaseUrl"] = "http://127.0.0.1:1",
            ["WeChat:RefreshInBackground"] = "false",
        };
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        var redis = Services.GetRequiredService<RedisConnection>().Database;
        var server = redis.Multiplexer.GetServer(redis.Multiplexer.GetEndPoints()[0]);
        var keys = server.Keys(pattern: _redisPrefix + ":*").ToArray();
        if (keys.Length > 0)
        {
            await redis.KeyDeleteAsync(keys);
        }
        await DisposeAsync();
        await Sandbox.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestServices.PostgresAdmin);
        await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }
}
