using System.Buffers;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace PublicVote.Api.Storage.Redis.Pipelined;

/// <summary>
/// The hot paths' own way to Redis (the vote script, the flusher's stream reads): a few pipelined connections
/// (<see cref="PipelinedConnection"/>) to a standalone Redis, instead of StackExchange.Redis 1.2.6's writer thread,
/// completion hops and result trees. Only where it can do exactly what the multiplexer does: one plain TCP endpoint
/// (no TLS, proxy or sentinel), standalone mode (checked on every connection: a cluster needs the multiplexer's slot
/// routing). When it cannot serve a call, <see cref="TrySend{TState, T}"/> returns null before anything is sent, and the
/// caller uses the multiplexer.
/// </summary>
public sealed partial class PipelinedRedis : IDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    private readonly EndPoint? _endPoint;
    private readonly ConfigurationOptions _config;
    private readonly TimeSpan _timeout;
    private readonly PipelinedConnection?[] _connections;
    private readonly int[] _connecting;
    private readonly long[] _retryAt; // Environment.TickCount64
    private readonly TimeSpan[] _retryDelay;
    private readonly Timer? _overdueCheck;
    private readonly ILogger _logger;
    private volatile bool _disabled;
    private int _next;

    public PipelinedRedis(ConfigurationOptions config, int connections, TimeSpan timeout, ILogger? logger = null)
    {
        _config = config;
        _logger = logger ?? NullLogger.Instance;
        _timeout = timeout;
        // The last slot is the bulk connection (see TrySend): a reply of thousands of stream entries, parsed on the
        // read loop, must not hold up the votes' small replies queued behind it.
        _connections = new PipelinedConnection?[Math.Max(connections, 1) + 1];
        _connecting = new int[_connections.Length];
        _retryAt = new long[_connections.Length];
        _retryDelay = Enumerable.Repeat(TimeSpan.FromMilliseconds(100), _connections.Length).ToArray();
        _endPoint = config.EndPoints.Count == 1 && !config.Ssl && config.Proxy == Proxy.None && string.IsNullOrEmpty(config.ServiceName)
            ? config.EndPoints[0]
            : null;
        _disabled = connections <= 0 || _endPoint is null;
        if (!_disabled)
        {
            // One timer for every caller (not one per call): a fraction of the timeout is precision enough.
            var period = TimeSpan.FromTicks(Math.Max(timeout.Ticks / 4, TimeSpan.FromMilliseconds(10).Ticks));
            _overdueCheck = new Timer(_ => CheckOverdue(), null, period, period);
            for (var i = 0; i < _connections.Length; i++)
            {
                StartConnecting(i);
            }
        }
    }

    /// <summary>The connections' CLIENT SETNAME: the configured client name (or "PublicVote") + "-pipelined".</summary>
    public string ClientName => (string.IsNullOrEmpty(_config.ClientName) ? "PublicVote" : _config.ClientName.Replace(' ', '-')) + "-pipelined";

    /// <summary>False once a connection found the server is not a standalone Redis (then only the multiplexer is used).</summary>
    public bool IsEnabled => !_disabled;

    /// <summary>
    /// Runs the script (EVALSHA, then EVAL if the server lost it) on a live connection; null when none is live (nothing was
    /// sent: the caller may use the multiplexer). Once sent, a failure is a <see cref="RedisUnavailableException"/>, like
    /// a timeout: the script may have run.
    /// </summary>
    public async Task<RespReply?> TryEvaluateAsync(RedisScript script, RedisKey[] keys, RedisValue[] args)
    {
        var call = (script, keys, args, withText: false);
        if (TrySend(call, WriteCall, RespReply.Parse) is not { } sent)
        {
            return null;
        }
        var reply = await sent;
        if (reply.Kind == RespKind.Error && reply.Text!.StartsWith("NOSCRIPT", StringComparison.Ordinal)
            && TrySend(call with { withText = true }, WriteCall, RespReply.Parse) is { } resent)
        {
            // Redis restarted or flushed its scripts: the script did not run; send its text once.
            reply = await resent;
        }
        if (reply.Kind == RespKind.Error && IsNotServedHere(reply.Text!))
        {
            // A cluster (or a replica) answered without running the script: the multiplexer routes it.
            return null;
        }
        return reply.Kind == RespKind.Error ? throw new RedisReplyException(reply.Text!) : reply;
    }

    /// <summary>
    /// Sends one command on a live connection and parses its reply with <paramref name="parse"/>; null when no connection
    /// is live (nothing sent). <paramref name="bulk"/> commands (large replies: the flusher's reads) have a connection of
    /// their own.
    /// </summary>
    public ValueTask<T>? TrySend<TState, T>(TState state, Action<IBufferWriter<byte>, TState> write, RespParser<T> parse, bool bulk = false) =>
        PickConnection(bulk) is { } connection ? connection.SendAsync(state, write, parse) : null;

    private static void WriteCall(IBufferWriter<byte> output, (RedisScript Script, RedisKey[] Keys, RedisValue[] Args, bool WithText) call) =>
        RespWriter.WriteScriptCall(output, call.Script, call.WithText, call.Keys, call.Args);

    /// <summary>Errors saying this server does not hold the keys: a command refused with one of them did not run.</summary>
    internal static bool IsNotServedHere(string error) =>
        error.StartsWith("MOVED ", StringComparison.Ordinal) || error.StartsWith("ASK ", StringComparison.Ordinal)
        || error.StartsWith("CLUSTERDOWN", StringComparison.Ordinal) || error.StartsWith("READONLY", StringComparison.Ordinal);

    private PipelinedConnection? PickConnection(bool bulk)
    {
        if (_disabled)
        {
            return null;
        }
        var (first, count) = bulk ? (_connections.Length - 1, 1) : (0, _connections.Length - 1);
        var start = bulk ? 0 : (int)((uint)Interlocked.Increment(ref _next) % (uint)count);
        for (var i = 0; i < count; i++)
        {
            var slot = first + (start + i) % count;
            var connection = Volatile.Read(ref _connections[slot]);
            if (connection?.RefusedKeys is { } refusal)
            {
                // A cluster (or a replica) answered: only the multiplexer can route the keys from now on.
                Disable(refusal);
                return null;
            }
            if (connection is { IsFailed: false })
            {
                return connection;
            }
            StartConnecting(slot);
        }
        return null;
    }

    private void StartConnecting(int slot)
    {
        if (_disabled || Environment.TickCount64 < Volatile.Read(ref _retryAt[slot]) || Interlocked.CompareExchange(ref _connecting[slot], 1, 0) != 0)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                var connection = await PipelinedConnection.ConnectAsync(_endPoint!, TimeSpan.FromMilliseconds(_config.ConnectTimeout));
                if (!await HandshakeAsync(connection))
                {
                    Disable("the server is not a standalone Redis");
                    connection.Dispose();
                    return;
                }
                Interlocked.Exchange(ref _connections[slot], connection)?.Dispose();
                _retryDelay[slot] = TimeSpan.FromMilliseconds(100);
            }
            catch (Exception ex)
            {
                // Redis is down or refused us: the multiplexer answers (503) meanwhile; try again after a growing pause.
                LogConnectFailed(ex.GetType().Name, ex.Message);
                Volatile.Write(ref _retryAt[slot], Environment.TickCount64 + (long)_retryDelay[slot].TotalMilliseconds);
                _retryDelay[slot] = TimeSpan.FromTicks(Math.Min(_retryDelay[slot].Ticks * 2, MaxRetryDelay.Ticks));
            }
            finally
            {
                Volatile.Write(ref _connecting[slot], 0);
            }
        });
    }

    /// <summary>AUTH and SELECT as configured, the name, then make sure the server is a standalone Redis.</summary>
    private async Task<bool> HandshakeAsync(PipelinedConnection connection)
    {
        if (!string.IsNullOrEmpty(_config.Password))
        {
            Expect(await connection.SendAsync(_config.Password, static (o, p) => RespWriter.WriteCommand(o, "AUTH", p)));
        }
        if (_config.DefaultDatabase is { } database and not 0)
        {
            Expect(await connection.SendAsync(database.ToString(System.Globalization.CultureInfo.InvariantCulture),
                static (o, db) => RespWriter.WriteCommand(o, "SELECT", db)));
        }
        // Named, so that CLIENT LIST tells these connections from the multiplexer's.
        Expect(await connection.SendAsync(ClientName, static (o, name) => RespWriter.WriteCommand(o, "CLIENT", "SETNAME", name)));
        var info = Expect(await connection.SendAsync(0, static (o, _) => RespWriter.WriteCommand(o, "INFO", "server")));
        return info.Text?.Contains("redis_mode:standalone", StringComparison.Ordinal) == true;
    }

    private void Disable(string reason)
    {
        if (!_disabled)
        {
            _disabled = true;
            LogDisabled(reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipelined script connections off ({Reason}); the multiplexer runs the scripts")]
    private partial void LogDisabled(string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pipelined script connection failed to open ({Error}: {Message}); retrying")]
    private partial void LogConnectFailed(string error, string message);

    private static RespReply Expect(RespReply reply) =>
        reply.Kind == RespKind.Error ? throw new RedisReplyException(reply.Text!) : reply;

    /// <summary>Each tick: fail the callers waiting too long, drop dead connections and reopen broken ones.</summary>
    private void CheckOverdue()
    {
        for (var slot = 0; slot < _connections.Length; slot++)
        {
            var connection = Volatile.Read(ref _connections[slot]);
            if (connection is null || connection.IsFailed)
            {
                StartConnecting(slot);
                continue;
            }
            connection.FailOverdue(_timeout);
            // Nothing at all for several timeouts: the connection is dead (a half-open socket); start afresh.
            if (connection.OldestWait > _timeout * 4)
            {
                connection.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _disabled = true;
        _overdueCheck?.Dispose();
        foreach (var connection in _connections)
        {
            connection?.Dispose();
        }
    }
}

/// <summary>An error reply from Redis (other than the ones <see cref="PipelinedRedis"/> handles itself).</summary>
public sealed class RedisReplyException(string message) : Exception(message);
