using Microsoft.Extensions.Options;
using PublicVote.Api.Features.Voting;
using PublicVote.Api.Features.WeChat;

namespace PublicVote.UnitTests.WeChat;

public sealed class OAuthStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 8, 1, 2, 0, 0, TimeSpan.Zero);
    private readonly FixedClock _clock = new(Now);

    private OAuthState States(string key = "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=") => new(
        Options.Create(new VotingOptions { SessionKey = key }),
        Options.Create(new WeChatOptions { StateLifetime = TimeSpan.FromMinutes(10) }),
        _clock);

    [Fact]
    public void TheBrowserThatStartedTheLoginFinishesItWithItsState()
    {
        var (state, cookie) = States().Start(new PendingLogin(7, "/h5/7?x=a|b"));
        Assert.Matches("^[A-Za-z0-9]{32}$", state);
        Assert.Equal(new PendingLogin(7, "/h5/7?x=a|b"), States().Finish(cookie, state));
    }

    [Fact]
    public void AnotherLoginsStateIsRefused()
    {
        var (_, cookie) = States().Start(new PendingLogin(7, "/"));
        var (otherState, _) = States().Start(new PendingLogin(7, "/"));
        Assert.Null(States().Finish(cookie, otherState));
    }

    [Fact]
    public void AMissingOrForgedCookieIsRefused()
    {
        var (state, cookie) = States().Start(new PendingLogin(7, "/"));
        Assert.Null(States().Finish(null, state));
        Assert.Null(States().Finish(cookie[..^2] + "AA", state));
        Assert.Null(States("OTg3NjU0MzIxMDk4NzY1NDMyMTA5ODc2NTQzMjEwOTg=").Finish(cookie, state));
        Assert.Null(States().Finish("not-a-cookie", state));
    }

    [Fact]
    public void AnExpiredLoginIsRefused()
    {
        var (state, cookie) = States().Start(new PendingLogin(7, "/"));
        _clock.Now = Now.AddMinutes(10);
        Assert.Null(States().Finish(cookie, state));
    }
}
