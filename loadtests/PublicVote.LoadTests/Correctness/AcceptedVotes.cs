using System.Collections.Concurrent;

namespace PublicVote.LoadTests.Correctness;

/// <summary>
/// Every vote the API answered 200 for, by receipt (a replayed Idempotency-Key returns the first receipt, so it
/// adds nothing). A receipt seen again with another candidate, or one that does not parse or belongs to another
/// campaign, is a conflict: the run fails on it.
/// </summary>
internal sealed class AcceptedVotes(long campaignId)
{
    private readonly ConcurrentDictionary<Receipt, long> _votes = new();
    private readonly ConcurrentQueue<string> _conflicts = new();
    private long _responses;
    private long _unanswered;

    public long CampaignId { get; } = campaignId;

    public int Count => _votes.Count;

    /// <summary>200 answers to votes, replays included.</summary>
    public long Responses => Interlocked.Read(ref _responses);

    /// <summary>Votes that got no answer (timeout, broken connection): the API may have counted them, so an extra vote may be one of these.</summary>
    public long Unanswered => Interlocked.Read(ref _unanswered);

    public IReadOnlyCollection<string> Conflicts => _conflicts;

    public void RecordUnanswered() => Interlocked.Increment(ref _unanswered);

    public IReadOnlyDictionary<Receipt, long> Votes => _votes;

    /// <summary>Records an accepted vote; false (and a conflict) when the receipt is malformed or contradicts an earlier one.</summary>
    public bool Record(string? receiptText, long candidateId)
    {
        Interlocked.Increment(ref _responses);
        if (!Receipt.TryParse(receiptText, out var receipt) || receipt.CampaignId != CampaignId)
        {
            _conflicts.Enqueue($"receipt '{receiptText}' is not a receipt of campaign {CampaignId}");
            return false;
        }
        var stored = _votes.GetOrAdd(receipt, candidateId);
        if (stored != candidateId)
        {
            _conflicts.Enqueue($"receipt {receipt} answered for candidate {candidateId}, earlier for {stored}");
            return false;
        }
        return true;
    }

    public Dictionary<long, long> PerCandidate() =>
        _votes.GroupBy(v => v.Value).ToDictionary(g => g.Key, g => (long)g.Count());
}
