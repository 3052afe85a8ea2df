namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>
/// Exponentially decayed counts without touching every counter as time passes: an event at t adds the weight
/// 2^((t − origin) / halfLife); the decayed count at t is the sum of weights divided by the weight of t. When the
/// weights grow large the origin moves forward and the owner rescales its sums by <see cref="Rescale"/>.
/// </summary>
public sealed class DecayClock(DateTimeOffset origin, TimeSpan halfLife)
{
    private const double MaxExponent = 600;

    private DateTimeOffset _origin = origin;

    public TimeSpan HalfLife { get; } = halfLife > TimeSpan.Zero ? halfLife : throw new ArgumentOutOfRangeException(nameof(halfLife));

    public double Weight(DateTimeOffset at) => Math.Pow(2, (at - _origin) / HalfLife);

    /// <summary>
    /// If the weight of <paramref name="now"/> is getting too large, moves the origin to <paramref name="now"/> and
    /// returns the factor every stored sum must be multiplied by; otherwise returns 1.
    /// </summary>
    public double Rescale(DateTimeOffset now)
    {
        var exponent = (now - _origin) / HalfLife;
        if (exponent < MaxExponent)
        {
            return 1;
        }
        _origin = now;
        return Math.Pow(2, -exponent);
    }
}
