using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace PublicVote.Api.Storage.Redis.Pipelined;

/// <summary>
/// One Redis connection shared by many callers, pipelined: a caller appends its command to the outgoing buffer and,
/// unless another caller is already sending, sends the buffer itself (no writer thread to hand over to); one read
/// loop matches the replies to the callers in order. Replies complete the callers' tasks asynchronously, so a slow
/// caller never holds up the reads.
/// </summary>
internal sealed class PipelinedConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly Lock _writeLock = new();
    private readonly ConcurrentQueue<PendingReply> _pending = new();
    private ArrayBufferWriter<byte> _queued = new(16 * 1024);
    private ArrayBufferWriter<byte> _sending = new(16 * 1024);
    private bool _flushing;
    private Exception? _failure;

    private PipelinedConnection(Socket socket)
    {
        _socket = socket;
        ReadLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Ends when the connection fails or is disposed; every caller still waiting has failed by then.</summary>
    public Task ReadLoop { get; }

    public bool IsFailed => Volatile.Read(ref _failure) is not null;

    /// <summary>Callers waiting for a reply (sent or queued).</summary>
    public int PendingCount => _pending.Count;

    public static async Task<PipelinedConnection> ConnectAsync(System.Net.EndPoint endPoint, TimeSpan timeout)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var cancel = new CancellationTokenSource(timeout);
            await socket.ConnectAsync(endPoint, cancel.Token);
            return new PipelinedConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Queues one command (written by <paramref name="write"/>) and returns its reply as RESP; errors are replies too.</summary>
    public ValueTask<RespReply> SendAsync<TState>(TState state, Action<IBufferWriter<byte>, TState> write) =>
        SendAsync(state, write, RespReply.Parse);

    /// <summary>Queues one command and returns what <paramref name="parse"/> makes of its reply.</summary>
    public ValueTask<T> SendAsync<TState, T>(TState state, Action<IBufferWriter<byte>, TState> write, RespParser<T> parse)
    {
        var reply = new PendingReply<T>(parse);
        bool sendNow;
        lock (_writeLock)
        {
            if (_failure is { } failure)
            {
                throw new RedisUnavailableException(failure);
            }
            write(_queued, state);
            _pending.Enqueue(reply);
            sendNow = !_flushing;
            _flushing = true;
        }
        if (sendNow)
        {
            // Usually done at once (a loopback or LAN socket takes the bytes); the reply cannot come before anyway.
            var flush = FlushAsync();
            if (!flush.IsCompletedSuccessfully)
            {
                return AfterFlushAsync(flush, reply);
            }
        }
        return reply.Task;
    }

    private static async ValueTask<T> AfterFlushAsync<T>(Task flush, PendingReply<T> reply)
    {
        await flush;
        return await reply.Task;
    }

    /// <summary>Fails every caller that has waited longer than <paramref name="timeout"/>; their replies, if they still come, are dropped.</summary>
    public void FailOverdue(TimeSpan timeout)
    {
        var overdue = Stopwatch.GetTimestamp() - (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        foreach (var reply in _pending)
        {
            if (reply.QueuedAt > overdue)
            {
                break;
            }
            reply.Fail(new RedisUnavailableException(new TimeoutException($"Redis did not answer within {timeout.TotalMilliseconds:F0} ms.")));
        }
    }

    /// <summary>How long the oldest caller has waited (zero when nobody waits).</summary>
    public TimeSpan OldestWait => _pending.TryPeek(out var oldest) ? Stopwatch.GetElapsedTime(oldest.QueuedAt) : TimeSpan.Zero;

    public void Dispose() => Fail(new ObjectDisposedException(nameof(PipelinedConnection)));

    private async Task FlushAsync()
    {
        while (true)
        {
            ArrayBufferWriter<byte> batch;
            lock (_writeLock)
            {
                if (_queued.WrittenCount == 0 || _failure is not null)
                {
                    _flushing = false;
                    return;
                }
                batch = _queued;
                (_queued, _sending) = (_sending, batch);
            }
            try
            {
                for (var sent = 0; sent < batch.WrittenCount;)
                {
                    sent += await _socket.SendAsync(batch.WrittenMemory[sent..], SocketFlags.None);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                Fail(ex);
                return;
            }
            finally
            {
                batch.ResetWrittenCount();
            }
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        int start = 0, end = 0;
        try
        {
            while (true)
            {
                if (end == buffer.Length)
                {
                    // Keep the unparsed tail; grow only for a reply larger than the buffer.
                    var target = start == 0 ? new byte[buffer.Length * 2] : buffer;
                    Buffer.BlockCopy(buffer, start, target, 0, end - start);
                    (buffer, end, start) = (target, end - start, 0);
                }
                var read = await _socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None);
                if (read == 0)
                {
                    throw new IOException("Redis closed the connection.");
                }
                end += read;
                for (var used = 0; RespReply.TrySkip(buffer.AsSpan(start, end - start), ref used); used = 0)
                {
                    if (!_pending.TryDequeue(out var caller))
                    {
                        throw new InvalidDataException("Redis sent a reply nobody asked for.");
                    }
                    var reply = buffer.AsSpan(start, used);
                    if (reply[0] == (byte)'-' && RefusedKeys is null)
                    {
                        NoteRefusal(reply);
                    }
                    caller.Complete(reply);
                    start += used;
                }
                if (start == end)
                {
                    (start, end) = (0, 0);
                }
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary>The first error saying this server does not hold the keys (MOVED, READONLY, ...), if any came.</summary>
    public string? RefusedKeys { get; private set; }

    private void NoteRefusal(ReadOnlySpan<byte> error)
    {
        var message = System.Text.Encoding.UTF8.GetString(error[1..^2]);
        if (PipelinedRedis.IsNotServedHere(message))
        {
            RefusedKeys = message;
        }
    }

    private void Fail(Exception failure)
    {
        lock (_writeLock)
        {
            if (_failure is not null)
            {
                return;
            }
            _failure = failure;
        }
        _socket.Dispose();
        while (_pending.TryDequeue(out var caller))
        {
            caller.Fail(new RedisUnavailableException(failure));
        }
    }
}
