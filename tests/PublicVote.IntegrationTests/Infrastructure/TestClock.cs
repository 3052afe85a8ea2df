namespace PublicVote.IntegrationTests.Infrastructure;

/// <summary>
/// A settable "now" for the vote day and window logic. Timers stay real (the base class's), so background
/// loops keep running while the calendar is frozen. The monotonic timestamp (token buckets) is real too, unless
/// <see cref="FreezeTimestamp"/> makes it move only with <see cref="Advance"/>.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;
    private long _frozenTimestamp = -1;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref _frozenTimestamp) is >= 0 and var t ? t : base.GetTimestamp();

    public void Set(DateTimeOffset utcNow) => Interlocked.Exchange(ref _utcTicks, utcNow.UtcTicks);

    public void Advance(TimeSpan by)
    {
        Interlocked.Add(ref _utcTicks, by.Ticks);
        if (Interlocked.Read(ref _frozenTimestamp) >= 0)
        {
            Interlocked.Add(ref _frozenTimestamp, (long)(by.TotalSeconds * TimestampFrequency));
        }
    }

    public void FreezeTimestamp() => Interlocked.Exchange(ref _frozenTimestamp, base.GetTimestamp());
}
