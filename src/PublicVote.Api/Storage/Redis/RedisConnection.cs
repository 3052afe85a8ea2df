using Microsoft.Extensions.Options;
using PublicVote.Api.Storage.Redis.Pipelined;
using StackExchange.Redis;

namespace PublicVote.Api.Storage.Redis;

/// <summary>
/// The one adapter around StackExchange.Redis 1.2.6 (the only version that restores here): a single
/// multiplexer, bounded waits, and Redis failures turned into <see cref="RedisUnavailableException"/>. The vote
/// script goes through a few pipelined connections of our own when the server allows it (<see cref="PipelinedRedis"/>).
/// </summary>
public sealed class RedisConnection : IDisposable
{
    private readonly Task<ConnectionMultiplexer> _connecting;
    private readonly SocketManager _sockets;
    private readonly TimeSpan _timeout;
    private readonly PipelinedRedis _pipelined;

    public RedisConnection(string connectionString, IOptions<RedisOptions> options, ILogger? logger = null)
    {
        var config = ConfigurationOptions.Parse(connectionString);
        // Never fail start-up when Redis is down: requests answer 503 until it is back.
        config.AbortOnConnectFail = false;
        if (!connectionString.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase))
        {
            config.ConnectTimeout = 2000;
        }
        // 1.x shares one socket thread between all multiplexers of a process unless given its own; a
        // multiplexer retrying a dead endpoint must not stall the others.
        _sockets = new SocketManager("PublicVote");
        config.SocketManager = _sockets;
        _timeout = options.Value.CommandTimeout;
        _pipelined = new PipelinedRedis(config.Clone(), options.Value.PipelinedConnections, _timeout, logger);
        // Connect in the background: no request thread ever blocks on the (synchronous) first connect.
        _connecting = Task.Run(async () =>
        {
            var multiplexer = await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false);
            // 1.x completes every async result in order on one thread by default, which serializes the
            // rest of every request behind it; no caller here relies on that order.
            multiplexer.PreserveAsyncOrder = false;
            return multiplexer;
        });
    }

    /// <summary>Blocking access for tests and tools; request paths use <see cref="RunAsync{T}"/>.</summary>
    public IDatabase Database => _connecting.GetAwaiter().GetResult().GetDatabase();

    /// <summary>
    /// Runs one Redis call. 1.2.6 has no async timeout, so the wait (connect included) is bounded here; a
    /// timed-out call may still complete in Redis later, which is why clients retry a vote with the same
    /// Idempotency-Key.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> call)
    {
        try
        {
            return await RunUnboundedAsync(call).WaitAsync(_timeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException or TimeoutException)
        {
            throw new RedisUnavailableException(ex);
        }
    }

    /// <summary>
    /// Runs a script that returns a flat array of integers and strings (the vote script): on a pipelined connection
    /// when one is live, else through the multiplexer.
    /// </summary>
    public async Task<RespReply> EvaluateAsync(RedisScript script, RedisKey[] keys, RedisValue[] args)
    {
        if (await _pipelined.TryEvaluateAsync(script, keys, args).ConfigureAwait(false) is { } reply)
        {
            return reply;
        }
        var values = (RedisValue[])(await RunAsync(db => script.EvaluateAsync(db, keys, args)).ConfigureAwait(false))!;
        return RespReply.Of(values.Select(v => v.IsInteger ? RespReply.Of((long)v) : RespReply.Of((string?)v)).ToArray());
    }

    /// <summary>
    /// Runs one command whose reply the caller reads from its bytes (<paramref name="parse"/>): on the pipelined bulk
    /// connection (large replies, away from the votes) when it is live, else through the multiplexer, whose reply
    /// <paramref name="fromMultiplexer"/> reads.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(string command, object[] args, RespParser<T> parse, Func<RedisResult, T> fromMultiplexer)
    {
        if (_pipelined.TrySend((command, args), static (output, c) => RespWriter.WriteCommand(output, c.command, c.args), parse, bulk: true) is { } sent)
        {
            return await sent.ConfigureAwait(false);
        }
        return fromMultiplexer(await RunAsync(db => db.ExecuteAsync(command, args)).ConfigureAwait(false));
    }

    public async Task<TimeSpan> PingAsync() => await RunAsync(db => db.PingAsync()).ConfigureAwait(false);

    private async Task<T> RunUnboundedAsync<T>(Func<IDatabase, Task<T>> call)
    {
        var multiplexer = await _connecting.ConfigureAwait(false);
        return await call(multiplexer.GetDatabase()).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _pipelined.Dispose();
        if (_connecting.IsCompletedSuccessfully)
        {
            _connecting.Result.Dispose();
        }
        _sockets.Dispose();
    }
}

public sealed class RedisUnavailableException(Exception inner)
    : Exception("Redis is unreachable or did not answer in time.", inner);
