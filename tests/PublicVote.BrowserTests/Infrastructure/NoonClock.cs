using System.Diagnostics;

namespace PublicVote.BrowserTests.Infrastructure;

/// <summary>
/// Real time that started at noon in Shanghai today: it runs (so the server's one-second caches expire as in
/// production), but a test can never cross the campaign's midnight, when the daily limits reset.
/// </summary>
public sealed class NoonClock : TimeProvider
{
    private readonly DateTimeOffset _start;
    private readonly long _started = Stopwatch.GetTimestamp();

    public NoonClock()
    {
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, shanghai).Date;
        _start = new DateTimeOffset(today.AddHours(12), shanghai.GetUtcOffset(today));
    }

    public override DateTimeOffset GetUtcNow() => _start.ToUniversalTime() + Stopwatch.GetElapsedTime(_started);
}
