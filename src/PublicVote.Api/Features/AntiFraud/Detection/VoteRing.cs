namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>
/// The recent votes of one candidate, oldest first, with absolute sequence numbers so that an open episode can
/// append "everything after the last vote I took" in O(new votes). Bounded by <see cref="Capacity"/>: when full the
/// oldest vote is dropped.
/// </summary>
public sealed class VoteRing(int capacity)
{
    private VoteEvent[] _items = new VoteEvent[Math.Clamp(capacity, 1, 4)];
    private int _head;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public int Count { get; private set; }

    /// <summary>Sequence number of the oldest vote held.</summary>
    public long FirstSeq { get; private set; }

    /// <summary>Sequence number the next added vote gets.</summary>
    public long NextSeq => FirstSeq + Count;

    public void Add(VoteEvent vote)
    {
        if (Count == Capacity)
        {
            RemoveOldest();
        }
        else if (Count == _items.Length)
        {
            var grown = new VoteEvent[Math.Min(Capacity, _items.Length * 2)];
            for (var i = 0; i < Count; i++)
            {
                grown[i] = _items[(_head + i) % _items.Length];
            }
            _items = grown;
            _head = 0;
        }
        _items[(_head + Count) % _items.Length] = vote;
        Count++;
    }

    public VoteEvent Get(long seq)
    {
        if (seq < FirstSeq || seq >= NextSeq)
        {
            throw new ArgumentOutOfRangeException(nameof(seq));
        }
        return _items[(_head + (int)(seq - FirstSeq)) % _items.Length];
    }

    /// <summary>Drops the votes cast before <paramref name="cutoff"/> from the old end.</summary>
    public void TrimBefore(DateTimeOffset cutoff)
    {
        while (Count > 0 && _items[_head].At < cutoff)
        {
            RemoveOldest();
        }
    }

    private void RemoveOldest()
    {
        _items[_head] = null!;
        _head = (_head + 1) % _items.Length;
        Count--;
        FirstSeq++;
    }
}
