using System.Buffers;
using System.Text;
using PublicVote.Api.Storage.Redis.Pipelined;

namespace PublicVote.UnitTests.Redis;

public sealed class RespReplyTests
{
    [Fact]
    public void AVoteScriptReplyIsReadWithEveryElementType()
    {
        var bytes = "*4\r\n:1\r\n:4\r\n$15\r\n1785549600000-0\r\n$2\r\n12\r\n"u8.ToArray();
        Assert.True(RespReply.TryRead(bytes, out var reply, out var consumed));
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(RespKind.Array, reply.Kind);
        Assert.Equal(1, reply[0].AsInt64());
        Assert.Equal(4, reply[1].AsInt64());
        Assert.Equal("1785549600000-0", reply[2].AsString());
        Assert.Equal(12, reply[3].AsInt64());
    }

    [Fact]
    public void EveryPrefixOfAReplyIsIncompleteAndConsumesNothing()
    {
        var bytes = "*3\r\n$3\r\nabc\r\n*2\r\n+OK\r\n$-1\r\n:-7\r\n"u8.ToArray();
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(RespReply.TryRead(bytes.AsSpan(0, length), out _, out var consumed), $"{length} bytes");
            Assert.Equal(0, consumed);
        }
        Assert.True(RespReply.TryRead(bytes, out var reply, out _));
        Assert.Equal("abc", reply[0].Text);
        Assert.Equal("OK", reply[1][0].Text);
        Assert.True(reply[1][1].IsNull);
        Assert.Equal(-7, reply[2].Integer);
    }

    [Fact]
    public void RepliesAreReadOneAtATimeFromAStream()
    {
        var bytes = "-NOSCRIPT No matching script.\r\n*-1\r\n$0\r\n\r\n"u8.ToArray();
        var position = 0;
        var replies = new List<RespReply>();
        while (RespReply.TryRead(bytes.AsSpan(position), out var reply, out var consumed))
        {
            replies.Add(reply);
            position += consumed;
        }
        Assert.Equal(bytes.Length, position);
        Assert.Equal(RespKind.Error, replies[0].Kind);
        Assert.StartsWith("NOSCRIPT", replies[0].Text, StringComparison.Ordinal);
        Assert.True(replies[1].IsNull);
        Assert.Equal("", replies[2].Text);
    }

    [Fact]
    public void BulkStringsAreUtf8AndMayHoldLineBreaks()
    {
        var text = "投票\r\n第二行";
        var body = Encoding.UTF8.GetBytes(text);
        var bytes = Encoding.ASCII.GetBytes($"${body.Length}\r\n").Concat(body).Concat("\r\n"u8.ToArray()).ToArray();
        Assert.True(RespReply.TryRead(bytes, out var reply, out _));
        Assert.Equal(text, reply.Text);
    }

    [Theory]
    [InlineData("?3\r\n")]
    [InlineData(":12x\r\n")]
    [InlineData("\r\n")]
    public void MalformedInputIsRejected(string input)
    {
        Assert.Throws<InvalidDataException>(() => RespReply.TryRead(Encoding.ASCII.GetBytes(input), out _, out _));
    }

    [Fact]
    public void TheWriterProducesWhatTheReaderReadsBack()
    {
        var output = new ArrayBufferWriter<byte>();
        RespWriter.WriteCommand(output, "SET", "键", "");
        RespWriter.WriteBulk(output, -42);
        Assert.Equal("*3\r\n$3\r\nSET\r\n$3\r\n键\r\n$0\r\n\r\n$3\r\n-42\r\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }
}
