using PublicVote.Api.Features.Voting;

namespace PublicVote.UnitTests;

public sealed class LocalDayTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public void ShanghaiDayTurnsAtSixteenHundredUtc()
    {
        var before = LocalDay.Of(new DateTimeOffset(2026, 8, 1, 15, 59, 59, TimeSpan.Zero), Shanghai);
        var after = LocalDay.Of(new DateTimeOffset(2026, 8, 1, 16, 0, 0, TimeSpan.Zero), Shanghai);
        Assert.Equal(new DateOnly(2026, 8, 1), before.Date);
        Assert.Equal(new DateOnly(2026, 8, 2), after.Date);
        Assert.Equal(new DateTimeOffset(2026, 8, 1, 16, 0, 0, TimeSpan.Zero), before.EndsAt);
        Assert.Equal(20260801, before.Key);
    }

    [Fact]
    public void DayKeyRoundTrips()
    {
        Assert.Equal(new DateOnly(2026, 12, 31), LocalDay.FromKey(LocalDay.Of(new DateTimeOffset(2026, 12, 31, 3, 0, 0, TimeSpan.Zero), Shanghai).Key));
    }

    [Fact]
    public void ADayEndsAtTheNextLocalMidnightAcrossADaylightSavingChange()
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        // 2026-03-29 is the spring-forward day in London: midnight is still GMT, the next midnight is BST.
        var day = LocalDay.Of(new DateTimeOffset(2026, 3, 29, 12, 0, 0, TimeSpan.Zero), london);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 23, 0, 0, TimeSpan.Zero), day.EndsAt);
    }
}
