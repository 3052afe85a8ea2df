namespace PublicVote.Api.Features.Voting;

/// <summary>The campaign's local calendar day that decides "today" for the daily limits.</summary>
public readonly record struct LocalDay(DateOnly Date, DateTimeOffset EndsAt)
{
    /// <summary>yyyymmdd, as used in Redis keys and stream entries.</summary>
    public int Key => (Date.Year * 10000) + (Date.Month * 100) + Date.Day;

    public static LocalDay Of(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var nextMidnight = date.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new LocalDay(date, new DateTimeOffset(nextMidnight, zone.GetUtcOffset(nextMidnight)));
    }

    public static DateOnly FromKey(int key) => new(key / 10000, key / 100 % 100, key % 100);
}
