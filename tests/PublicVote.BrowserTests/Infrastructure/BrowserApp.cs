using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using PublicVote.Api.Background;
using PublicVote.Api.Features.AntiFraud.Detection;
using PublicVote.Api.Features.AntiFraud.Host;
using PublicVote.Api.Features.AntiFraud.Surge;
using PublicVote.Api.Features.Campaigns;
using PublicVote.Api.Features.Voting;
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

    /// <summary>The first admin, created by the host's own bootstrap at start.</summary>
    public const string AdminUser = "browser-admin";
    public const string AdminPassword = "browser-admin-password-2024";

    private const string SessionKey = "YnJvd3Nlci10ZXN0LXNlc3Npb24ta2V5LWJyb3dzZXItdGVzdC0xMjM0";
    private const string AdminTokenKey = "YnJvd3Nlci1hZG1pbi10b2tlbi1rZXktYnJvd3Nlci1hZG1pbi1rZXkh";

    private readonly string _database = "pv_b_" + Guid.NewGuid().ToString("N")[..16];
    private readonly string _redisPrefix = "pvb-" + Guid.NewGuid().ToString("N")[..12];
    private HttpClient? _client;
    private readonly string _media = Path.Combine(Path.GetTempPath(), "pvb-media-" + Guid.NewGuid().ToString("N")[..12]);

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

    /// <summary>The bootstrap admin, signed in through <c>POST /api/admin/login</c> on this server.</summary>
    public Task<AdminClient> AdminAsync() => AdminClient.SignInAsync(BaseUrl, AdminUser, AdminPassword);

    /// <summary>
    /// A vote sent by the test rather than a phone, through the real vote endpoint, with a session as the WeChat
    /// sign-in would issue it (but no sign-in: the voter has no first-seen time, a fresh account). Returns the receipt.
    /// </summary>
    public async Task<string> VoteAsync(long campaignId, long candidateId, string openId)
    {
        var session = Services.GetRequiredService<VoterSessionTokens>().Issue(openId, campaignId, TimeSpan.FromHours(2));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/campaigns/{campaignId}/votes") { Content = JsonContent.Create(new { candidateId }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session);
        _client ??= new HttpClient { BaseAddress = BaseUrl };
        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!["receipt"]!.GetValue<string>();
    }

    /// <summary>
    /// Puts a candidate in surge mode for 15 minutes, as the surge monitor does when its votes jump above their
    /// baseline (which needs an hour of history this real-time clock cannot fake): its risky votes are then held.
    /// </summary>
    public async Task SurgeAsync(long campaignId, long candidateId)
    {
        var rules = await Services.GetRequiredService<CampaignRulesCache>().GetAsync(campaignId);
        var now = Clock.GetUtcNow();
        await Services.GetRequiredService<SurgeStore>().SetAsync(campaignId, rules!.RedisShards, candidateId, new SurgeFlag(now.AddMinutes(15), now));
    }

    /// <summary>
    /// Runs the flusher until every vote stream is empty, so PostgreSQL holds every accepted vote. A pass that moves
    /// nothing is not proof (the flusher keeps to its last campaign list when PostgreSQL refuses a fresh one), so the
    /// streams are checked too.
    /// </summary>
    public async Task DrainAsync()
    {
        var flusher = Services.GetRequiredService<VoteFlusher>();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            while (await flusher.FlushAllAsync() > 0)
            {
            }
            if (await flusher.BacklogAsync() == 0)
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The flusher did not empty the vote streams.");
    }

    /// <summary>Flushes, then runs the fraud scanner until it has read every vote committed so far.</summary>
    public async Task ScanAsync()
    {
        await DrainAsync();
        var scanner = Services.GetRequiredService<FraudScanner>();
        await using var connection = await Db.OpenConnectionAsync();
        var last = (await connection.QueryAsync<(string Xid, long Seq)>(
            "SELECT log_xid::text, log_seq FROM votes ORDER BY log_xid DESC, log_seq DESC LIMIT 1")).ToList();
        var target = last.Count == 0 ? LogPosition.Start : new LogPosition(ulong.Parse(last[0].Xid, CultureInfo.InvariantCulture), last[0].Seq);
        // One scan may stop short: the log is read only below the oldest transaction running on the whole server.
        for (var attempt = 0; attempt < 200; attempt++)
        {
            await scanner.RunOnceAsync();
            if (scanner.Position >= target)
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The fraud scanner did not reach the end of the vote log.");
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
            ["Admin:TokenKey"] = AdminTokenKey,
            ["Admin:BootstrapUser"] = AdminUser,
            ["Admin:BootstrapPassword"] = AdminPassword,
            // The console tests sign in many times from 127.0.0.1.
            ["Admin:LoginAttemptsPerIpBurst"] = "100000",
            ["Flusher:Enabled"] = "false",
            // Tests scan for fraud explicitly (ScanAsync), like they flush.
            ["AntiFraud:Host:Enabled"] = "false",
            // The console test voids a case of counted votes; its detector reports at 0.9, which the default hold
            // policy (0.6) would hold at once. The hold policy has its own tests (HoldPolicyTests).
            ["AntiFraud:Host:HoldSeverity"] = "0.95",
            ["Media:Root"] = _media,
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
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            // Only the crafted detector: the real ones would also flag the test's burst and claim its votes first.
            services.RemoveAll<IVoteDetector>();
            services.AddSingleton<FreshBurstDetector>();
            services.AddSingleton<IVoteDetector>(sp => sp.GetRequiredService<FreshBurstDetector>());
        });
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
        _client?.Dispose();
        await DisposeAsync();
        await Sandbox.DisposeAsync();
        if (Directory.Exists(_media))
        {
            Directory.Delete(_media, recursive: true);
        }
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestServices.PostgresAdmin);
        await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }
}
