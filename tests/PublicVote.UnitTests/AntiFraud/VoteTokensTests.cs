using Microsoft.Extensions.Options;
using PublicVote.Api.Features.AntiFraud.Signals;
using PublicVote.Api.Features.Voting;

namespace PublicVote.UnitTests.AntiFraud;

public sealed class VoteTokensTests
{
    private static readonly DateTimeOffset Now = new(2026, 8, 1, 2, 0, 0, TimeSpan.Zero);
    private const string Key = "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=";

    private static VoteTokens Tokens(string key = Key)
    {
        var voting = Options.Create(new VotingOptions { SessionKey = key });
        return new VoteTokens(voting, Options.Create(new AntiFraudOptions { VoteTokenLifetime = TimeSpan.FromHours(2) }), new VoterKeys(voting));
    }

    [Fact]
    public void ATokenChecksForItsVoterCampaignAndCandidateWithItsIssueTime()
    {
        var token = Tokens().Issue(7, 42, "voter-a", Now);
        var check = Tokens().Check(token, 7, 42, "voter-a", Now.AddSeconds(25));
        Assert.Equal(VoteTokenState.Valid, check.State);
        Assert.Equal(Now, check.IssuedAt);
        Assert.Equal(16, check.Nonce.Length);
    }

    [Fact]
    public void EachTokenHasItsOwnNonce() =>
        Assert.NotEqual(Tokens().Check(Tokens().Issue(7, 42, "v", Now), 7, 42, "v", Now).Nonce,
                        Tokens().Check(Tokens().Issue(7, 42, "v", Now), 7, 42, "v", Now).Nonce);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void NoTokenIsNotAnError(string? token) => Assert.Equal(VoteTokenState.None, Tokens().Check(token, 7, 42, "v", Now).State);

    [Fact]
    public void ATokenForAnotherVoterCandidateOrCampaignIsInvalid()
    {
        var token = Tokens().Issue(7, 42, "voter-a", Now);
        Assert.Equal(VoteTokenState.Invalid, Tokens().Check(token, 7, 42, "voter-b", Now).State);
        Assert.Equal(VoteTokenState.Invalid, Tokens().Check(token, 7, 43, "voter-a", Now).State);
        Assert.Equal(VoteTokenState.Invalid, Tokens().Check(token, 8, 42, "voter-a", Now).State);
    }

    [Fact]
    public void ATamperedForeignExpiredOrFutureTokenIsInvalid()
    {
        var token = Tokens().Issue(7, 42, "v", Now);
        Assert.Equal(VoteTokenState.Invalid, Tokens().Check("x" + token, 7, 42, "v", Now).State);
        Assert.Equal(VoteTokenState.Invalid, Tokens().Check(token + "A", 7, 42, "v", Now).State);
        Assert.Equal(VoteTokenState.Invalid, Tokens().Check("garbage", 7, 42, "v", Now).State);
        var foreign = Tokens("OTg3NjU0MzIxMDk4NzY1NDMyMTA5ODc2NTQzMjEwOTg=").Issue(7, 42, "v", Now);
        Assert.Equal(VoteTokenState.Invalid, Tokens().Check(foreign, 7, 42, "v", Now).State);
        Assert.Equal(VoteTokenState.Valid, Tokens().Check(token, 7, 42, "v", Now.AddHours(2)).State);
        Assert.Equal(VoteTokenState.Invalid, Tokens().Check(token, 7, 42, "v", Now.AddHours(2).AddSeconds(1)).State);
        Assert.Equal(VoteTokenState.Invalid, Tokens().Check(token, 7, 42, "v", Now.AddMinutes(-1)).State);
    }

    [Fact]
    public void VoterKeysArePseudonymousStablePerCampaignAndKeyed()
    {
        var keys = new VoterKeys(Options.Create(new VotingOptions { SessionKey = Key }));
        var other = new VoterKeys(Options.Create(new VotingOptions { SessionKey = "OTg3NjU0MzIxMDk4NzY1NDMyMTA5ODc2NTQzMjEwOTg=" }));
        Assert.Equal(keys.Of(7, "oWx8a5Ks"), keys.Of(7, "oWx8a5Ks"));
        Assert.NotEqual(keys.Of(7, "oWx8a5Ks"), keys.Of(8, "oWx8a5Ks"));
        Assert.NotEqual(keys.Of(7, "oWx8a5Ks"), other.Of(7, "oWx8a5Ks"));
        Assert.DoesNotContain("oWx8a5Ks", keys.Of(7, "oWx8a5Ks"), StringComparison.Ordinal);
        Assert.Equal(16, keys.Of(7, "oWx8a5Ks").Length);
    }
}
