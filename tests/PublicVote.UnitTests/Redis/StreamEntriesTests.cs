using System.Text;
using PublicVote.Api.Storage.Redis;
using PublicVote.Api.Storage.Redis.Pipelined;

namespace PublicVote.UnitTests.Redis;

public sealed class StreamEntriesTests
{
    [Fact]
    public void AReadGroupReplyBecomesVotesWithTheirSignalsAndDeletedIdsApart()
    {
        var reply = Array(Bulk("pv:{c:7:0}:log"), Array(
            Entry("1785549600000-0", "v", "oVoter1", "c", "12", "t", "1785549600000", "d", "20260801", "ip", "10.1.2.3", "ua", "00ff",
                "pf", "10.1.2.0/24", "fs", "", "dw", "1.2e+4", "tk", "u", "nv", "31", "st", "p", "zz", "ignored"),
            "*2\r\n$15\r\n1785549600000-1\r\n*-1\r\n",
            Entry("1785549600001-0", "v", "投票者", "c", "13", "t", "1785549600001", "d", "20260801", "ip", "", "ua", "")));

        var (votes, deleted) = StreamEntries.FromReadGroup(Encoding.UTF8.GetBytes("*1\r\n" + reply));

        Assert.Equal(["1785549600000-1"], deleted);
        Assert.Equal(2, votes.Count);
        var held = votes[0];
        Assert.Equal(("1785549600000-0", 12L, "oVoter1", 1785549600000L, 20260801, "10.1.2.3", "00ff"),
            (held.Id, held.CandidateId, held.Voter, held.VotedAtMs, held.Day, held.ClientIp, held.UserAgentHash));
        Assert.Equal(new StreamSignals("10.1.2.0/24", null, 12000, "u", 31, "p"), held.Signals);
        Assert.True(held.SignalsOrNone.IsHeld);
        Assert.Equal("投票者", votes[1].Voter);
        Assert.Null(votes[1].Signals);
    }

    [Fact]
    public void PackedEntriesAreReadWithAndWithoutSignalsAndTheVoterTakesTheRest()
    {
        var reply = Array(Bulk("pv:{c:7:0}:log"), Array(
            Entry("1785549600000-0", "s", "12|1785549600000|20260801|10.1.2.3|00ff|10.1.2.0/24|1785549000000|1.2e+4|u|31|p|oVoter1"),
            Entry("1785549600001-0", "e", "13|1785549600001|20260801|||投票|者"),
            Entry("1785549600002-0", "s", "14|1785549600002|20260801|::1||||||0|c|v")));

        var (votes, deleted) = StreamEntries.FromReadGroup(Encoding.UTF8.GetBytes("*1\r\n" + reply));

        Assert.Empty(deleted);
        var held = votes[0];
        Assert.Equal(("1785549600000-0", 12L, "oVoter1", 1785549600000L, 20260801, "10.1.2.3", "00ff"),
            (held.Id, held.CandidateId, held.Voter, held.VotedAtMs, held.Day, held.ClientIp, held.UserAgentHash));
        Assert.Equal(new StreamSignals("10.1.2.0/24", 1785549000000, 12000, "u", 31, "p"), held.Signals);
        Assert.Equal((13L, "投票|者", "", ""), (votes[1].CandidateId, votes[1].Voter, votes[1].ClientIp, votes[1].UserAgentHash));
        Assert.Null(votes[1].Signals);
        Assert.Equal(new StreamSignals("", null, null, "", 0, "c"), votes[2].Signals);
        Assert.Equal(("v", "::1"), (votes[2].Voter, votes[2].ClientIp));
    }

    [Theory]
    [InlineData("e", "12|1785549600000|20260801|10.1.2.3")]
    [InlineData("s", "12|1785549600000|20260801|10.1.2.3|00ff|oVoter1")]
    [InlineData("e", "twelve|1785549600000|20260801|10.1.2.3|00ff|oVoter1")]
    public void APackedEntryWithTooFewPartsOrABadNumberIsRejected(string field, string value)
    {
        var reply = "*1\r\n" + Array(Bulk("s"), Array(Entry("1-0", field, value)));
        Assert.Throws<FormatException>(() => StreamEntries.FromReadGroup(Encoding.UTF8.GetBytes(reply)));
    }

    [Fact]
    public void NothingToReadIsANilReply()
    {
        var (votes, deleted) = StreamEntries.FromReadGroup("*-1\r\n"u8);
        Assert.Empty(votes);
        Assert.Empty(deleted);
    }

    [Fact]
    public void AnErrorReplyIsThrownWithRedissMessage()
    {
        var error = Assert.Throws<RedisReplyException>(() => StreamEntries.FromReadGroup("-NOGROUP No such key\r\n"u8));
        Assert.StartsWith("NOGROUP", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANumberFieldThatIsNotANumberIsRejected()
    {
        var reply = "*1\r\n" + Array(Bulk("s"), Array(Entry("1-0", "v", "x", "c", "twelve")));
        Assert.Throws<FormatException>(() => StreamEntries.FromReadGroup(Encoding.UTF8.GetBytes(reply)));
    }

    private static string Entry(string id, params string[] fields) => Array(Bulk(id), Array(fields.Select(Bulk).ToArray()));

    private static string Array(params string[] items) => $"*{items.Length}\r\n" + string.Concat(items);

    private static string Bulk(string value) => $"${Encoding.UTF8.GetByteCount(value)}\r\n{value}\r\n";
}
