using System.Text;

namespace PublicVote.Api.Storage.Redis.Pipelined;

/// <summary>
/// Walks the bytes of one complete RESP2 reply without building a tree: for large replies read straight into the
/// caller's own objects (the flusher's stream entries). An error reply throws <see cref="RedisReplyException"/>.
/// </summary>
public ref struct RespCursor(ReadOnlySpan<byte> reply)
{
    private readonly ReadOnlySpan<byte> _reply = reply;
    private int _position;

    /// <summary>The next element's array length; -1 for a nil array.</summary>
    public int ReadArrayLength() => (int)ReadHeader((byte)'*');

    /// <summary>The next bulk string's bytes (empty for nil: see <paramref name="isNull"/>).</summary>
    public ReadOnlySpan<byte> ReadBulk(out bool isNull)
    {
        var length = ReadHeader((byte)'$');
        isNull = length < 0;
        if (isNull)
        {
            return default;
        }
        var value = _reply.Slice(_position, (int)length);
        _position += (int)length + 2;
        return value;
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBulk(out _));

    /// <summary>Skips the next element, whatever it is.</summary>
    public void Skip()
    {
        if (!RespReply.TrySkip(_reply, ref _position))
        {
            throw new InvalidDataException("Incomplete RESP reply.");
        }
    }

    private long ReadHeader(byte expected)
    {
        if (!RespReply.TryReadLine(_reply, _position, out var line, out var next))
        {
            throw new InvalidDataException("Incomplete RESP reply.");
        }
        if (line[0] == (byte)'-')
        {
            throw new RedisReplyException(Encoding.UTF8.GetString(line[1..]));
        }
        if (line[0] != expected)
        {
            throw new InvalidDataException($"Expected RESP type '{(char)expected}', got '{(char)line[0]}'.");
        }
        _position = next;
        return RespReply.ParseInteger(line[1..]);
    }
}
