namespace PublicVote.WeChatSandbox.State;

/// <summary>An injected fault: answer <see cref="Errcode"/> (0 = answer normally) after <see cref="DelayMs"/>.</summary>
public sealed record Fault(int Errcode, int DelayMs);

/// <summary>Faults queued per API path, each for a number of calls, taken in the order they were added.</summary>
public sealed class FaultStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<Slot>> _queues = new(StringComparer.Ordinal);

    public void Add(string path, Fault fault, int count)
    {
        lock (_gate)
        {
            if (!_queues.TryGetValue(path, out var queue))
            {
                _queues[path] = queue = new Queue<Slot>();
            }
            queue.Enqueue(new Slot(fault) { Remaining = count });
        }
    }

    public Fault? Take(string path)
    {
        lock (_gate)
        {
            if (!_queues.TryGetValue(path, out var queue) || !queue.TryPeek(out var slot))
            {
                return null;
            }
            if (--slot.Remaining == 0)
            {
                queue.Dequeue();
            }
            return slot.Fault;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _queues.Clear();
        }
    }

    private sealed class Slot(Fault fault)
    {
        public Fault Fault { get; } = fault;

        public int Remaining { get; set; }
    }
}
