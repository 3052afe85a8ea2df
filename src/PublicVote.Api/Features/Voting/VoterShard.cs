namespace PublicVote.Api.Features.Voting;

/// <summary>Which Redis shard of a campaign holds a voter's keys: <c>FNV-1a(openid) mod shards</c>.</summary>
public static class VoterShard
{
    public static int Of(string openid, int shardCount) =>
        shardCount <= 1 ? 0 : (int)(StableHash.Fnv1a32(openid) % (uint)shardCount);
}
