using PublicVote.Api.Storage.Redis;
using PublicVote.Api.Storage.Redis.Pipelined;
using PublicVote.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace PublicVote.IntegrationTests.Redis;

/// <summary>The vote script's pipelined connections against a Redis of their own (paused and cut off here).</summary>
public sealed class PipelinedRedisTests : IAsyncLifetime
{
    private static readonly RedisScript DeleteIfEqual = RedisScript.Load("delete_if_equal.lua");
    private readonly ThrowawayRedis _server = new();
    private ConnectionMultiplexer _admin = null!;

    public async Task InitializeAsync()
    {
        await _server.StartAsync();
        _admin = await ConnectionMultiplexer.ConnectAsync($"{_server.Endpoint},allowAdmin=true");
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ScriptsRunOnTheNamedPipelinedConnections()
    {
        using var scripts = Create(connections: 3, TimeSpan.FromSeconds(30));
        await _admin.GetDatabase().StringSetAsync("lock", "mine");

        var reply = await EvaluateAsync(scripts, "lock", "mine");

        Assert.Equal(1, reply.AsInt64());
        Assert.False(await _admin.GetDatabase().KeyExistsAsync("lock"));
        await Eventually.HoldsAsync(async () => (await PipelinedClientIdsAsync(scripts)).Count == 4, "three named connections and the bulk one");
    }

    [Fact]
    public async Task AScriptRedisHasForgottenIsSentAgainInFull()
    {
        using var scripts = Create(connections: 1, TimeSpan.FromSeconds(30));
        await EvaluateAsync(scripts, "k", "v");
        await _admin.GetServer(_server.Endpoint).ScriptFlushAsync();
        await _admin.GetDatabase().StringSetAsync("k", "v");

        Assert.Equal(1, (await EvaluateAsync(scripts, "k", "v")).AsInt64());
    }

    [Fact]
    public async Task ACallRedisDoesNotAnswerInTimeFailsAndLaterCallsSucceed()
    {
        using var scripts = Create(connections: 1, TimeSpan.FromSeconds(2));
        await EvaluateAsync(scripts, "k", "v");
        // Redis holds every write (a script is one) for 30 s: far beyond the 2 s timeout, however slow this box is.
        await _admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "30000", "WRITE");
        try
        {
            var failure = await Assert.ThrowsAsync<RedisUnavailableException>(() => scripts.TryEvaluateAsync(DeleteIfEqual, ["k"], ["v"])!);
            Assert.IsType<TimeoutException>(failure.InnerException);
        }
        finally
        {
            await _admin.GetDatabase().ExecuteAsync("CLIENT", "UNPAUSE");
        }
        // Another key: the held call may still run after the pause.
        await _admin.GetDatabase().StringSetAsync("k2", "v");
        Assert.Equal(1, (await EvaluateAsync(scripts, "k2", "v")).AsInt64());
    }

    [Fact]
    public async Task ACutConnectionFailsItsCallersAndIsReplaced()
    {
        using var scripts = Create(connections: 1, TimeSpan.FromSeconds(2));
        await EvaluateAsync(scripts, "k", "v");
        var before = await PipelinedClientIdsAsync(scripts);

        foreach (var id in before)
        {
            await _admin.GetDatabase().ExecuteAsync("CLIENT", "KILL", "ID", id);
        }

        // The next calls either fail as unavailable (sent on the dead socket) or find no live connection (null);
        // soon a new connection serves them.
        await EvaluateAsync(scripts, "k", "v");
        await Eventually.HoldsAsync(async () => (await PipelinedClientIdsAsync(scripts)).Count == 2, "both connections are back");
        Assert.Empty((await PipelinedClientIdsAsync(scripts)).Intersect(before));
    }

    [Fact]
    public async Task NothingIsSentWhenRedisIsDownSoTheMultiplexerCanAnswer()
    {
        using var scripts = new PipelinedRedis(ConfigurationOptions.Parse($"127.0.0.1:{TestServices.FreePort()},connectTimeout=200"), 2, TimeSpan.FromSeconds(1));
        Assert.Null(await scripts.TryEvaluateAsync(DeleteIfEqual, ["k"], ["v"]));
        Assert.True(scripts.IsEnabled);
    }

    [Fact]
    public void ATlsOrMultiEndpointConfigurationLeavesEverythingToTheMultiplexer()
    {
        using var tls = new PipelinedRedis(ConfigurationOptions.Parse($"{_server.Endpoint},ssl=true"), 2, TimeSpan.FromSeconds(1));
        using var two = new PipelinedRedis(ConfigurationOptions.Parse($"{_server.Endpoint},127.0.0.1:1"), 2, TimeSpan.FromSeconds(1));
        Assert.False(tls.IsEnabled);
        Assert.False(two.IsEnabled);
    }

    private PipelinedRedis Create(int connections, TimeSpan timeout) =>
        new(ConfigurationOptions.Parse($"{_server.Endpoint},name=t{Guid.NewGuid():N}"), connections, timeout);

    /// <summary>Runs the script once a pipelined connection is up (they connect in the background, and after a failure anew).</summary>
    private static async Task<RespReply> EvaluateAsync(PipelinedRedis scripts, string key, string value)
    {
        RespReply? reply = null;
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                return (reply = await scripts.TryEvaluateAsync(DeleteIfEqual, [key], [value])) is not null;
            }
            catch (RedisUnavailableException)
            {
                return false; // sent on a connection that broke meanwhile: try again
            }
        }, "a pipelined connection is up");
        return reply!;
    }

    private async Task<List<string>> PipelinedClientIdsAsync(PipelinedRedis scripts)
    {
        var list = (string)(await _admin.GetDatabase().ExecuteAsync("CLIENT", "LIST"))!;
        return list.Split('\n')
            .Where(line => line.Contains($" name={scripts.ClientName} ", StringComparison.Ordinal))
            .Select(line => line.Split(' ')[0]["id=".Length..])
            .ToList();
    }
}
