namespace PublicVote.FraudEval.Replay;

/// <summary>
/// The replay's "now" for the API host: vote times, local days, sessions, vote tokens, surge mode and the detector
/// host all read it. Only wall-clock dates move with it; the monotonic timestamp (rate limiters, timeouts) stays real.
/// </summary>
internal sealed class VirtualClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Set(DateTimeOffset utcNow) => Interlocked.Exchange(ref _utcTicks, utcNow.UtcTicks);
}
