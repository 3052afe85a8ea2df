using PublicVote.IntegrationTests.Infrastructure;
using PublicVote.WeChatSandbox.State;

namespace PublicVote.IntegrationTests.WeChatSandbox;

public sealed class WebTokenStoreTests
{
    [Fact]
    public void ExpiredRefreshTokensAreSweptADayAfterTheyExpire()
    {
        var clock = new TestClock(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));
        var store = new WebTokenStore(clock);
        var old = store.Issue(new Grant("oOld", "snsapi_base", Snapshot: false));

        clock.Advance(WebTokenStore.RefreshLifetime + TimeSpan.FromHours(1));
        Assert.Equal(TokenState.Expired, store.Refresh(old.RefreshToken, out _));

        // Sweeps run every 4096 issues; a day after expiry the old refresh token is gone, newer ones stay.
        clock.Advance(TimeSpan.FromDays(1));
        WebToken? recent = null;
        for (var i = 0; i < 4096; i++)
        {
            recent = store.Issue(new Grant("oNew" + i, "snsapi_base", Snapshot: false));
        }
        Assert.Equal(TokenState.Unknown, store.Refresh(old.RefreshToken, out _));
        Assert.Equal(TokenState.Valid, store.Refresh(recent!.RefreshToken, out _));
    }
}
