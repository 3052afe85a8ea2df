using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PublicVote.Api.Features.AntiFraud.Signals;
using PublicVote.Api.Features.Voting;

namespace PublicVote.UnitTests.AntiFraud;

public sealed class VoterKeyHasherTests
{
    private const string Key = "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=";

    [Fact]
    public void TheReusedHasherGivesEveryVoterTheKeyTheDefinitionSays()
    {
        var keys = new VoterKeys(Options.Create(new VotingOptions { SessionKey = Key }));
        var derived = DerivedKeys.Derive(Convert.FromBase64String(Key), "publicvote/voter-key/v1");
        using var hasher = keys.For(42);
        foreach (var openId in new[] { "oAbc123", "oAbc123", "another-voter_9", new string('x', 64), "oAbc124" })
        {
            var expected = Base64Url.EncodeToString(HMACSHA256.HashData(derived, Encoding.UTF8.GetBytes($"42|{openId}"))[..12]);
            Assert.Equal(expected, hasher.Of(openId));
            Assert.Equal(expected, keys.Of(42, openId));
        }
    }
}
