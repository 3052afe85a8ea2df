using System.ComponentModel.DataAnnotations;

namespace PublicVote.Api.Storage.Redis;

public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>Prefix of every key; lets several deployments or test runs share one Redis.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_.-]{1,32}$")]
    public string KeyPrefix { get; set; } = "pv";

    /// <summary>Upper bound of one Redis call before the request gives up with 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Connections of our own that pipeline the vote script to a standalone Redis (0: the multiplexer runs it). Several
    /// let Redis take more commands per event-loop cycle (it reads at most 16 KB per connection before each fsync).
    /// </summary>
    [Range(0, 32)]
    public int PipelinedConnections { get; set; } = 4;
}
