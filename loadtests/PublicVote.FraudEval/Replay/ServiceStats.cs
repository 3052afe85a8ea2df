using PublicVote.Api.Features.AntiFraud.Host;

namespace PublicVote.FraudEval.Replay;

/// <summary>What the product did during a service replay, beyond what the scorer reads: refusals, holds, releases, cases.</summary>
internal sealed class ServiceStats
{
    private readonly Dictionary<string, int> _refused = new(StringComparer.Ordinal);

    /// <summary>The run's own database (dropped at the end).</summary>
    public string Database { get; init; } = "";

    public int Accepted { get; set; }

    /// <summary>Requests the API refused, by problem type (a vote the generator thought valid, or a failed token request).</summary>
    public IReadOnlyDictionary<string, int> RefusedByType => _refused;

    /// <summary>Votes the host's hold policy held (a case's counted votes at or above the hold severity).</summary>
    public long HeldByCases { get; private set; }

    /// <summary>Votes surge mode held that no case claimed, released by the host.</summary>
    public long Released { get; private set; }

    public long Scans { get; private set; }

    /// <summary>Cases the product opened (its own count: a case stays open until reviewed, however long).</summary>
    public int Cases { get; set; }

    public void Refused(string kind) => _refused[kind] = _refused.GetValueOrDefault(kind) + 1;

    public void Scanned(ScanReport report)
    {
        Scans++;
        HeldByCases += report.VotesHeld;
        Released += report.VotesReleased;
    }
}
