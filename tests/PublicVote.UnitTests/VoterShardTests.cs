using PublicVote.Api.Features.Voting;
using PublicVote.Api.Storage.Redis;

namespace PublicVote.UnitTests;

public sealed class VoterShardTests
{
    [Fact]
    public void ShardIsStableAndKnownForAGivenOpenId()
    {
        // FNV-1a is fixed: the same openid lands on the same shard in every process and on every node.
        Assert.Equal(VoterShard.Of("oWx8a5Ks", 16), VoterShard.Of("oWx8a5Ks", 16));
        Assert.Equal(0, VoterShard.Of("anything", 1));
    }

    [Fact]
    public void VotersSpreadOverAllShards()
    {
        var counts = new int[8];
        for (var i = 0; i < 8000; i++)
        {
            counts[VoterShard.Of($"voter-{i}", 8)]++;
        }
        Assert.All(counts, c => Assert.InRange(c, 800, 1200));
    }

    [Fact]
    public void EveryKeyOfACampaignShardSharesOneHashTag()
    {
        var keys = new RedisKeys("pv");
        string[] all =
        [
            keys.VotesOfDay(42, 3, 20260801), keys.Counters(42, 3), keys.MinuteBucket(42, 3, 29_000_000),
            keys.Idempotency(42, 3, "voter", "key"), keys.Log(42, 3),
        ];
        Assert.All(all, k => Assert.StartsWith("pv:{c:42:3}:", k, StringComparison.Ordinal));
        Assert.Equal(all.Length, all.Distinct().Count());
    }

    [Fact]
    public void UserAgentHashIsShortHexAndEmptyForNoAgent()
    {
        Assert.Matches("^[0-9a-f]{16}$", StableHash.UserAgent("Mozilla/5.0 MicroMessenger/8.0"));
        Assert.Equal("", StableHash.UserAgent(null));
    }
}
