using System.ComponentModel.DataAnnotations;

namespace PublicVote.Api.Background;

public sealed class FlusherOptions
{
    public const string Section = "Flusher";

    /// <summary>Run the flusher on this node (a deployment may run it on dedicated nodes only).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Name of this node in the streams' consumer group; must differ between live nodes.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_.:-]{1,64}$")]
    public string ConsumerName { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Entries per XREADGROUP and per PostgreSQL transaction.</summary>
    [Range(1, 5000)]
    public int BatchSize { get; set; } = 2000;

    /// <summary>
    /// Batches of one shard written to PostgreSQL at once (each in its own transaction, acknowledged after its own commit):
    /// while one waits for its commit, the next one is already being copied.
    /// </summary>
    [Range(1, 16)]
    public int BatchesInFlight { get; set; } = 2;

    /// <summary>Shard streams (of all campaigns) flushed side by side.</summary>
    [Range(1, 64)]
    public int ParallelShards { get; set; } = 4;

    /// <summary>Pause when every stream is empty.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Entries pending this long on another consumer are taken over (that node is presumed dead).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>First pause after a failed round (PostgreSQL or Redis down); it doubles per failure up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
