using System.Diagnostics;
using Dapper;
using Npgsql;

namespace PublicVote.LoadTests.Correctness;

public sealed record CandidateCheck(long CandidateId, long Accepted, long StoredVotes, long VoteTotals)
{
    public bool Matches => Accepted == StoredVotes && StoredVotes == VoteTotals;
}

/// <param name="Lost">Accepted (200) but absent from PostgreSQL.</param>
/// <param name="Extra">In PostgreSQL but never accepted by this run.</param>
/// <param name="Drained">False when PostgreSQL was still changing at the drain timeout.</param>
public sealed record CorrectnessResult(
    long CampaignId,
    long AcceptedResponses,
    long AcceptedVotes,
    long StoredVotes,
    long Lost,
    long Extra,
    IReadOnlyList<string> LostSample,
    IReadOnlyList<string> ExtraSample,
    IReadOnlyList<CandidateCheck> Candidates,
    IReadOnlyList<string> Conflicts,
    bool Drained,
    double DrainSeconds,
    long Unanswered = 0)
{
    public bool Passed => Lost == 0 && Extra == 0 && Conflicts.Count == 0 && Drained && Candidates.All(c => c.Matches);

    public string Verdict => Passed
        ? $"CORRECT: PostgreSQL holds exactly the {AcceptedVotes} accepted votes (0 lost, 0 extra)"
        : $"CORRECTNESS FAILED: {Lost} lost, {Extra} extra, {Candidates.Count(c => !c.Matches)} candidate mismatches, "
          + $"{Conflicts.Count} receipt conflicts{(Drained ? "" : ", PostgreSQL still changing at the drain timeout")}"
          + (Extra > 0 && Unanswered > 0 ? $" ({Unanswered} votes got no answer: an extra vote may be one the API counted after the client gave up)" : "");
}

/// <summary>
/// After a run: waits (bounded) for the API's flusher to write the accepted votes to PostgreSQL, then checks
/// that <c>votes</c> holds exactly them for the run's campaign, and that <c>vote_totals</c> agrees per candidate.
/// </summary>
internal static class CorrectnessCheck
{
    private const int SampleSize = 10;

    /// <param name="quiet">How long the stored set must stay unchanged before a mismatch is taken as final.</param>
    public static async Task<CorrectnessResult> RunAsync(
        NpgsqlDataSource db, AcceptedVotes accepted, TimeSpan drainTimeout, TimeSpan quiet, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        HashSet<(Receipt Receipt, long Candidate)> stored;
        var lastCount = -1;
        var stableSince = TimeSpan.Zero;
        var drained = false;
        var expected = accepted.Votes.Select(v => (v.Key, v.Value)).ToHashSet();
        while (true)
        {
            stored = await StoredVotesAsync(db, accepted.CampaignId, cancellationToken);
            if (stored.SetEquals(expected))
            {
                drained = true;
                break;
            }
            if (stored.Count != lastCount)
            {
                lastCount = stored.Count;
                stableSince = watch.Elapsed;
            }
            // Fewer rows than accepted: the flusher may still be catching up (or backing off), so wait to the
            // timeout. As many or more: only extras can be wrong, and the set has stopped changing.
            if (stored.Count >= expected.Count && watch.Elapsed - stableSince >= quiet)
            {
                drained = true;
                break;
            }
            if (watch.Elapsed >= drainTimeout)
            {
                drained = watch.Elapsed - stableSince >= quiet;
                break;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
        var storedReceipts = stored.Select(s => s.Receipt).ToHashSet();
        var lost = accepted.Votes.Keys.Where(r => !storedReceipts.Contains(r)).ToList();
        var extra = storedReceipts.Where(r => !accepted.Votes.ContainsKey(r)).ToList();
        var acceptedPer = accepted.PerCandidate();
        var storedPer = stored.GroupBy(s => s.Candidate).ToDictionary(g => g.Key, g => (long)g.Count());
        var totals = await VoteTotalsAsync(db, accepted.CampaignId, cancellationToken);
        var candidates = acceptedPer.Keys.Union(storedPer.Keys).Union(totals.Keys).Order()
            .Select(c => new CandidateCheck(c, acceptedPer.GetValueOrDefault(c), storedPer.GetValueOrDefault(c), totals.GetValueOrDefault(c)))
            .ToList();
        // A receipt stored with another candidate than the one the API answered is a conflict too.
        var conflicts = accepted.Conflicts.Concat(stored
                .Where(s => accepted.Votes.TryGetValue(s.Receipt, out var c) && c != s.Candidate)
                .Select(s => $"receipt {s.Receipt} accepted for candidate {accepted.Votes[s.Receipt]}, stored for {s.Candidate}"))
            .ToList();
        return new CorrectnessResult(accepted.CampaignId, accepted.Responses, accepted.Count, stored.Count, lost.Count, extra.Count,
            lost.Take(SampleSize).Select(r => r.ToString()).ToList(), extra.Take(SampleSize).Select(r => r.ToString()).ToList(),
            candidates, conflicts, drained, Math.Round(watch.Elapsed.TotalSeconds, 1), accepted.Unanswered);
    }

    private static async Task<HashSet<(Receipt, long)>> StoredVotesAsync(NpgsqlDataSource db, long campaignId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(int Shard, long StreamMs, long StreamSeq, long CandidateId)>(new CommandDefinition("""
            SELECT shard, stream_ms, stream_seq, candidate_id FROM votes WHERE campaign_id = @campaignId
            """, new { campaignId }, cancellationToken: cancellationToken));
        return rows.Select(r => (new Receipt(campaignId, r.Shard, r.StreamMs, r.StreamSeq), r.CandidateId)).ToHashSet();
    }

    private static async Task<Dictionary<long, long>> VoteTotalsAsync(NpgsqlDataSource db, long campaignId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long CandidateId, long Votes)>(new CommandDefinition(
            "SELECT candidate_id, votes FROM vote_totals WHERE campaign_id = @campaignId", new { campaignId }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.CandidateId, r => r.Votes);
    }
}
