using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PublicVote.Api.Background;
using PublicVote.Api.Features.AntiFraud.Detection;
using PublicVote.Api.Features.AntiFraud.Host;
using PublicVote.Api.Features.Voting;
using PublicVote.Api.Storage.Redis;
using PublicVote.FraudEval.Simulation;

namespace PublicVote.FraudEval.Replay;

/// <summary>
/// Replays through the real product: the API host (<see cref="ServiceHost"/>) on real Redis and PostgreSQL, on the
/// replay's virtual clock. Each vote is a phone's two requests through the trusted proxy (127.0.0.1): the candidate
/// page's vote token at <c>t − dwell</c>, then the vote at <c>t</c>, with <c>X-Forwarded-For</c> inside the vote's
/// prefix and its User-Agent; a voter's first sign-in is written where WeChat sign-in writes it, at the simulated
/// first-seen time. Each tick the flusher is drained and the detector host's scan runs once (surge mode, detectors,
/// cases, the hold policy, releases); findings are read back from the cases and holds from <c>votes.status</c>.
/// </summary>
internal sealed class ServiceReplayTarget : IReplayTarget
{
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(3);
    private static readonly TimeSpan HorizonTimeout = TimeSpan.FromMinutes(2);

    private readonly ServiceConnection _connection;
    private readonly string _database;
    private readonly string _redisPrefix;
    private readonly VirtualClock _clock = new(DateTimeOffset.UnixEpoch);
    private readonly ServiceHost _host;
    private readonly HttpClient _http;
    private readonly HashSet<string> _signedIn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _time = new(StringComparer.Ordinal);
    private ServiceCampaign? _campaign;
    private ServiceReadback? _readback;
    private DateTimeOffset _lastTick;
    private bool _started;
    private bool _unflushed;

    private ServiceReplayTarget(ServiceConnection connection, IReadOnlyDictionary<string, string?> detectorSettings, double holdSeverity)
    {
        _connection = connection;
        _database = "pv_eval_" + Guid.NewGuid().ToString("N")[..16];
        _redisPrefix = "pve-" + Guid.NewGuid().ToString("N")[..12];
        HoldSeverity = holdSeverity;
        Stats = new ServiceStats { Database = _database };
        var settings = new Dictionary<string, string?>(detectorSettings, StringComparer.OrdinalIgnoreCase)
        {
            ["ConnectionStrings:Redis"] = connection.Redis,
            ["ConnectionStrings:Postgres"] = connection.ForDatabase(_database),
            ["Redis:KeyPrefix"] = _redisPrefix,
            ["Redis:CommandTimeout"] = "00:00:30",
            ["Voting:SessionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Admin:TokenKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            // The replay drives both on its own schedule: drain, then one scan per tick.
            ["Flusher:Enabled"] = "false",
            ["AntiFraud:Host:Enabled"] = "false",
            ["AntiFraud:Host:HoldSeverity"] = holdSeverity.ToString(CultureInfo.InvariantCulture),
            // The harness is the phones' proxy: only it may say who the client is.
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            // Days of traffic arrive in minutes of real time, and carrier NAT puts thousands behind one address.
            ["RateLimiting:PerVoterBurst"] = "1000000",
            ["RateLimiting:PerVoterPerSecond"] = "1000000",
            ["RateLimiting:PerIpBurst"] = "10000000",
            ["RateLimiting:PerIpPerSecond"] = "10000000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["WeChat:RefreshInBackground"] = "false",
        };
        _host = new ServiceHost(settings, _clock);
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = false, UseProxy = false, AllowAutoRedirect = false });
    }

    public double HoldSeverity { get; }

    public ServiceStats Stats { get; }

    public string Description =>
        $"the product: API host on Kestrel 127.0.0.1 (votes and vote tokens over HTTP through a trusted proxy), Redis and PostgreSQL, " +
        $"the detector host's scan with every registered detector ({string.Join(", ", DetectorNames)}), surge mode, " +
        $"hold when severity ≥ {HoldSeverity.ToString("0.00", CultureInfo.InvariantCulture)}, surge holds released after " +
        $"{_host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DetectorHostOptions>>().Value.ReleaseHeldAfter.TotalMinutes:F0} min";

    private IEnumerable<string> DetectorNames => _host.Services.GetServices<IVoteDetector>().Select(d => d.Name);

    public IReadOnlyDictionary<string, TimeSpan> DetectorTime =>
        _time.ToDictionary(kv => kv.Key, kv => Stopwatch.GetElapsedTime(0, kv.Value), StringComparer.Ordinal);

    /// <summary>Creates the run's database, starts the API host on it and checks it answers.</summary>
    public static async Task<ServiceReplayTarget> StartAsync(
        ServiceConnection connection, IReadOnlyDictionary<string, string?> detectorSettings, double holdSeverity, CancellationToken cancellationToken)
    {
        connection.CheckLoopback();
        var target = new ServiceReplayTarget(connection, detectorSettings, holdSeverity);
        await using (var admin = new NpgsqlConnection(connection.Admin))
        {
            await admin.ExecuteAsync($"CREATE DATABASE {target._database}");
        }
        try
        {
            target._host.Start();
            target._http.BaseAddress = target._host.BaseUrl;
            target._started = true;
            using var ready = await target._http.GetAsync("readyz", cancellationToken);
            ready.EnsureSuccessStatusCode();
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
        return target;
    }

    public async Task PrepareAsync(ReplayCampaign campaign, CancellationToken cancellationToken)
    {
        _clock.Set(campaign.Start);
        _lastTick = campaign.Start;
        _campaign = await ServiceCampaign.CreateAsync(_host.Services.GetRequiredService<NpgsqlDataSource>(), campaign, cancellationToken);
        _readback = new ServiceReadback(_host.Services.GetRequiredService<NpgsqlDataSource>(), _campaign, campaign.CampaignId);
    }

    public async Task<IReadOnlyList<string?>> SubmitAsync(IReadOnlyList<SimVote> votes, CancellationToken cancellationToken)
    {
        var campaign = _campaign ?? throw new InvalidOperationException("PrepareAsync first.");
        var start = Stopwatch.GetTimestamp();
        var sessions = _host.Services.GetRequiredService<VoterSessionTokens>();
        var wechat = _host.Services.GetRequiredService<WeChatStore>();
        var receipts = new string?[votes.Count];
        for (var i = 0; i < votes.Count; i++)
        {
            var vote = votes[i];
            var openId = vote.Voter.Key;
            if (vote.Voter.FirstSeen is { } firstSeen && _signedIn.Add(openId))
            {
                // What WeChat sign-in writes (first sign-in wins), at the simulated first-seen time.
                await wechat.RecordFirstSeenAsync(campaign.Id, VoterShard.Of(openId, ServiceCampaign.Shards), openId, firstSeen);
            }
            var candidate = campaign.Product(vote.CandidateId);
            var address = SimulatedClient.AddressIn(vote.Prefix, openId);
            var userAgent = SimulatedClient.UserAgent(vote.Ua);
            _clock.Set(vote.At.AddMilliseconds(-vote.DwellMs));
            var session = sessions.Issue(openId, campaign.Id, SessionLifetime);
            var token = await VoteTokenAsync(campaign.Id, candidate, session, address, userAgent, cancellationToken);
            _clock.Set(vote.At);
            receipts[i] = await VoteAsync(campaign.Id, candidate, session, address, userAgent, token, cancellationToken);
        }
        _unflushed |= votes.Count > 0;
        Add("http (token + vote)", start);
        return receipts;
    }

    private async Task<string?> VoteTokenAsync(long campaignId, long candidateId, string session, string address, string userAgent, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, $"api/v1/campaigns/{campaignId}/candidates/{candidateId}/vote-token", session, address, userAgent);
        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            Stats.Refused($"vote-token {(int)response.StatusCode}");
            return null;
        }
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("voteToken").GetString();
    }

    private async Task<string?> VoteAsync(
        long campaignId, long candidateId, string session, string address, string userAgent, string? token, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, $"api/v1/campaigns/{campaignId}/votes", session, address, userAgent);
        request.Content = JsonContent.Create(new { candidateId });
        if (token is not null)
        {
            request.Headers.Add("X-Vote-Token", token);
        }
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            Stats.Refused(body.TryGetProperty("type", out var type) ? $"vote {type.GetString()}" : $"vote {(int)response.StatusCode}");
            return null;
        }
        Stats.Accepted++;
        return body.GetProperty("receipt").GetString();
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string session, string address, string userAgent)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session);
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        request.Headers.Add("X-Forwarded-For", address);
        return request;
    }

    public async Task AdvanceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        _clock.Set(now);
        var start = Stopwatch.GetTimestamp();
        var flusher = _host.Services.GetRequiredService<VoteFlusher>();
        long flushed = 0;
        // Only votes fill the streams: a tick without any (most of the night) has nothing to flush.
        for (long moved; _unflushed && (moved = await flusher.FlushAllAsync(cancellationToken)) > 0;)
        {
            flushed += moved;
        }
        _unflushed = false;
        Add("flush", start);
        start = Stopwatch.GetTimestamp();
        if (flushed > 0)
        {
            await WaitForHorizonAsync(cancellationToken);
        }
        var report = await _host.Services.GetRequiredService<FraudScanner>().RunOnceAsync(cancellationToken);
        Stats.Scanned(report);
        Add("host scan", start);
    }

    /// <summary>
    /// The host reads the log only below the oldest transaction running on the whole PostgreSQL server; until the
    /// flush just committed is below it, a scan would leave those votes for the next tick. Waiting here (for another
    /// database's transaction, in the shared test server) keeps the replay's result independent of such timing.
    /// </summary>
    private async Task WaitForHorizonAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(cancellationToken);
        var last = ulong.Parse(await connection.ExecuteScalarAsync<string>("SELECT max(log_xid)::text FROM votes") ?? "0", CultureInfo.InvariantCulture);
        var deadline = Stopwatch.GetTimestamp() + (long)(HorizonTimeout.TotalSeconds * Stopwatch.Frequency);
        while (ulong.Parse((await connection.ExecuteScalarAsync<string>("SELECT pg_snapshot_xmin(pg_current_snapshot())::text"))!, CultureInfo.InvariantCulture) <= last)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException("A transaction on the PostgreSQL server has been running for minutes; the host cannot read the vote log past it.");
            }
            await Task.Delay(5, cancellationToken);
        }
    }

    public async Task<ReplayObservation> CollectAsync(CancellationToken cancellationToken)
    {
        var readback = _readback ?? throw new InvalidOperationException("PrepareAsync first.");
        var start = Stopwatch.GetTimestamp();
        var observation = await readback.ReadAsync(_lastTick, cancellationToken);
        _lastTick = _clock.GetUtcNow();
        Stats.Cases = readback.Cases;
        Add("read back", start);
        return observation;
    }

    private void Add(string part, long start) =>
        _time[part] = _time.GetValueOrDefault(part) + (Stopwatch.GetTimestamp() - start);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            if (!_started)
            {
                return;
            }
            var redis = _host.Services.GetRequiredService<RedisConnection>().Database;
            var server = redis.Multiplexer.GetServer(redis.Multiplexer.GetEndPoints()[0]);
            var keys = server.Keys(pattern: _redisPrefix + ":*", pageSize: 1000).ToArray();
            foreach (var chunk in keys.Chunk(1000))
            {
                await redis.KeyDeleteAsync(chunk);
            }
        }
        finally
        {
            await _host.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_connection.Admin);
            await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        }
    }
}
