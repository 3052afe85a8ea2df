using PublicVote.Api.Features.WeChat;

namespace PublicVote.UnitTests.WeChat;

public sealed class WeChatErrorTests
{
    [Theory]
    [InlineData(40029, WeChatErrorKind.InvalidCode, false)]
    [InlineData(42003, WeChatErrorKind.InvalidCode, false)]
    [InlineData(40163, WeChatErrorKind.CodeUsed, false)]
    [InlineData(40013, WeChatErrorKind.InvalidCredentials, false)]
    [InlineData(40125, WeChatErrorKind.InvalidCredentials, false)]
    [InlineData(40001, WeChatErrorKind.InvalidCredentials, false)]
    [InlineData(42001, WeChatErrorKind.TokenExpired, false)]
    [InlineData(40164, WeChatErrorKind.IpNotWhitelisted, false)]
    [InlineData(45011, WeChatErrorKind.RateLimited, false)]
    [InlineData(45009, WeChatErrorKind.RateLimited, false)]
    [InlineData(-1, WeChatErrorKind.SystemBusy, true)]
    [InlineData(48001, WeChatErrorKind.Unauthorized, false)]
    [InlineData(40030, WeChatErrorKind.InvalidRefreshToken, false)]
    [InlineData(40003, WeChatErrorKind.InvalidOpenId, false)]
    [InlineData(99999, WeChatErrorKind.Other, false)]
    public void EachErrCodeMapsToItsKindAndOnlyBusyIsRetried(int errCode, WeChatErrorKind kind, bool retryable)
    {
        var error = WeChatError.FromErrCode(errCode);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(retryable, error.IsRetryable);
    }

    [Fact]
    public void TheRetryBudgetRunsOutAndRefillsWithCalls()
    {
        var budget = new RetryBudget(ratio: 0.5, reserve: 2);
        Assert.True(budget.TryTakeRetry());
        Assert.True(budget.TryTakeRetry());
        Assert.False(budget.TryTakeRetry());
        budget.OnCall();
        Assert.False(budget.TryTakeRetry());
        budget.OnCall();
        Assert.True(budget.TryTakeRetry());
    }
}
