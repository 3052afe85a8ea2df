using System.Buffers.Text;
using System.Text;
using Microsoft.Extensions.Options;
using PublicVote.Api.Features.Voting;

namespace PublicVote.UnitTests;

public sealed class VoterSessionTokensTests
{
    private static readonly DateTimeOffset Now = new(2026, 8, 1, 2, 0, 0, TimeSpan.Zero);
    private readonly FixedClock _clock = new(Now);

    private VoterSessionTokens Tokens(string key = "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=") =>
        new(Options.Create(new VotingOptions { SessionKey = key }), _clock);

    [Fact]
    public void AnIssuedTokenVerifiesToItsOpenIdCampaignAndExpiry()
    {
        var token = Tokens().Issue("oWx8a5Ks-_9Zz", 42, TimeSpan.FromHours(2));
        Assert.Equal(SessionError.None, Tokens().TryVerify(token, out var session));
        Assert.Equal(new VoterSession("oWx8a5Ks-_9Zz", 42, Now.AddHours(2)), session);
    }

    [Fact]
    public void ATokenIsExpiredFromItsExpirySecondOn()
    {
        var token = Tokens().Issue("voter", 1, TimeSpan.FromMinutes(10));
        _clock.Now = Now.AddMinutes(10).AddSeconds(-1);
        Assert.Equal(SessionError.None, Tokens().TryVerify(token, out _));
        _clock.Now = Now.AddMinutes(10);
        Assert.Equal(SessionError.Expired, Tokens().TryVerify(token, out var session));
        Assert.Null(session);
    }

    [Fact]
    public void ATokenFromAnotherKeyIsInvalid()
    {
        var foreign = Tokens("OTg3NjU0MzIxMDk4NzY1NDMyMTA5ODc2NTQzMjEwOTg=").Issue("voter", 1, TimeSpan.FromHours(1));
        Assert.Equal(SessionError.Invalid, Tokens().TryVerify(foreign, out _));
    }

    [Fact]
    public void ChangingAnyPayloadByteInvalidatesTheToken()
    {
        var token = Tokens().Issue("voter", 1, TimeSpan.FromHours(1));
        var parts = token.Split('.');
        var payload = Base64Url.DecodeFromChars(parts[0]);
        for (var i = 0; i < payload.Length; i++)
        {
            var tampered = (byte[])payload.Clone();
            tampered[i] ^= 0x01;
            Assert.Equal(SessionError.Invalid, Tokens().TryVerify(Base64Url.EncodeToString(tampered) + "." + parts[1], out _));
        }
    }

    [Theory]
    [InlineData(null, SessionError.Missing)]
    [InlineData("", SessionError.Missing)]
    [InlineData("no-dot", SessionError.Invalid)]
    [InlineData(".", SessionError.Invalid)]
    [InlineData("a.b", SessionError.Invalid)]
    [InlineData("!!!.???", SessionError.Invalid)]
    public void MalformedTokensAreMissingOrInvalid(string? token, SessionError expected)
    {
        Assert.Equal(expected, Tokens().TryVerify(token, out _));
    }

    [Fact]
    public void AWellSignedPayloadOfTheWrongShapeIsInvalid()
    {
        var key = Convert.FromBase64String("MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=");
        var payload = Encoding.UTF8.GetBytes("v2|1|9999999999|voter");
        var token = Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(System.Security.Cryptography.HMACSHA256.HashData(key, payload));
        Assert.Equal(SessionError.Invalid, Tokens().TryVerify(token, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has|pipe")]
    [InlineData("中文")]
    public void IssuingForAnOpenIdOutsideTheAlphabetIsRefused(string openId)
    {
        Assert.Throws<ArgumentException>(() => Tokens().Issue(openId, 1, TimeSpan.FromHours(1)));
    }
}
