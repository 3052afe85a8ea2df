using System.Diagnostics;
using System.Threading.Tasks.Sources;

namespace PublicVote.Api.Storage.Redis.Pipelined;

/// <summary>Turns the bytes of one complete reply into the caller's result (or throws for an unexpected one).</summary>
public delegate T RespParser<out T>(ReadOnlySpan<byte> reply);

/// <summary>
/// A caller waiting for its reply, in the connection's queue. Completed once: by the reply, or earlier by a timeout or
/// a broken connection (a reply that comes after that is dropped).
/// </summary>
internal abstract class PendingReply
{
    private int _done;

    public long QueuedAt { get; } = Stopwatch.GetTimestamp();

    public void Complete(ReadOnlySpan<byte> reply)
    {
        if (Interlocked.Exchange(ref _done, 1) != 0)
        {
            return;
        }
        try
        {
            OnReply(reply);
        }
        catch (Exception ex) when (ex is RedisReplyException or InvalidDataException or InvalidCastException or FormatException or OverflowException)
        {
            OnFailure(ex);
        }
    }

    public void Fail(Exception failure)
    {
        if (Interlocked.Exchange(ref _done, 1) == 0)
        {
            OnFailure(failure);
        }
    }

    protected abstract void OnReply(ReadOnlySpan<byte> reply);

    protected abstract void OnFailure(Exception failure);
}

/// <summary>The awaitable side: a reusable-style value task source, so a call allocates this one object and nothing else.</summary>
internal sealed class PendingReply<T>(RespParser<T> parse) : PendingReply, IValueTaskSource<T>
{
    private ManualResetValueTaskSourceCore<T> _core = new() { RunContinuationsAsynchronously = true };

    public ValueTask<T> Task => new(this, _core.Version);

    protected override void OnReply(ReadOnlySpan<byte> reply) => _core.SetResult(parse(reply));

    protected override void OnFailure(Exception failure) => _core.SetException(failure);

    public T GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
