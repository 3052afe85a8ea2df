using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace PublicVote.Api.Storage.Redis.Pipelined;

public enum RespKind
{
    SimpleString,
    Error,
    Integer,
    BulkString,
    Array,
}

/// <summary>One RESP2 reply. Bulk and simple strings are decoded as UTF-8; a nil bulk string or array has a null value.</summary>
public sealed class RespReply
{
    private RespReply(RespKind kind, long integer, string? text, RespReply[]? items)
    {
        Kind = kind;
        Integer = integer;
        Text = text;
        Items = items;
    }

    public RespKind Kind { get; }

    public long Integer { get; }

    /// <summary>The string of a simple string, error or bulk string (null: nil).</summary>
    public string? Text { get; }

    public RespReply[]? Items { get; }

    public bool IsNull => Kind switch
    {
        RespKind.BulkString => Text is null,
        RespKind.Array => Items is null,
        _ => false,
    };

    public RespReply this[int index] => (Items ?? throw new InvalidCastException($"A {Kind} reply has no items."))[index];

    /// <summary>An integer reply, or a string of digits (scripts return numbers either way).</summary>
    public long AsInt64() => Kind == RespKind.Integer
        ? Integer
        : long.Parse(Text ?? throw new InvalidCastException("A nil reply is not a number."), CultureInfo.InvariantCulture);

    public string? AsString() => Kind == RespKind.Integer ? Integer.ToString(CultureInfo.InvariantCulture) : Text;

    public static RespReply Of(long value) => new(RespKind.Integer, value, null, null);

    public static RespReply Of(string? value) => new(RespKind.BulkString, 0, value, null);

    public static RespReply Of(RespReply[]? items) => new(RespKind.Array, 0, null, items);

    public static RespReply ErrorOf(string message) => new(RespKind.Error, 0, message, null);

    /// <summary>
    /// Reads one complete reply from the start of <paramref name="input"/>; false (and nothing consumed) when the bytes
    /// end before it does. Malformed input (not RESP2) throws <see cref="InvalidDataException"/>.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> input, out RespReply reply, out int consumed)
    {
        // Measure first, allocating nothing: a large reply arrives over many reads, and is decoded once, when whole.
        consumed = 0;
        reply = null!;
        if (!TrySkip(input, ref consumed))
        {
            consumed = 0;
            return false;
        }
        var position = 0;
        TryRead(input, ref position, out reply!);
        return true;
    }

    /// <summary>Decodes the bytes of one complete reply (as delimited by <see cref="TrySkip"/>).</summary>
    public static RespReply Parse(ReadOnlySpan<byte> reply)
    {
        var position = 0;
        return TryRead(reply, ref position, out var parsed) ? parsed! : throw new InvalidDataException("Incomplete RESP reply.");
    }

    /// <summary>Moves <paramref name="position"/> past one complete reply; false when the input ends first.</summary>
    public static bool TrySkip(ReadOnlySpan<byte> input, ref int position)
    {
        if (!TryReadLine(input, position, out var line, out var next))
        {
            return false;
        }
        var length = line[0] is (byte)'$' or (byte)'*' ? ParseInteger(line[1..]) : 0;
        if (line[0] == (byte)'$' && length >= 0)
        {
            if (input.Length - next < length + 2)
            {
                return false;
            }
            next += (int)length + 2;
        }
        for (var i = 0; line[0] == (byte)'*' && i < length; i++)
        {
            if (!TrySkip(input, ref next))
            {
                return false;
            }
        }
        position = next;
        return true;
    }

    private static bool TryRead(ReadOnlySpan<byte> input, ref int position, out RespReply? reply)
    {
        reply = null;
        if (!TryReadLine(input, position, out var line, out var next))
        {
            return false;
        }
        var body = line[1..];
        switch (line[0])
        {
            case (byte)'+':
                reply = new RespReply(RespKind.SimpleString, 0, Encoding.UTF8.GetString(body), null);
                break;
            case (byte)'-':
                reply = ErrorOf(Encoding.UTF8.GetString(body));
                break;
            case (byte)':':
                reply = Of(ParseInteger(body));
                break;
            case (byte)'$':
                var length = ParseInteger(body);
                if (length < 0)
                {
                    reply = Of((string?)null);
                    break;
                }
                if (input.Length - next < length + 2)
                {
                    return false;
                }
                reply = Of(Encoding.UTF8.GetString(input.Slice(next, (int)length)));
                next += (int)length + 2;
                break;
            case (byte)'*':
                var count = ParseInteger(body);
                if (count < 0)
                {
                    reply = Of((RespReply[]?)null);
                    break;
                }
                var items = new RespReply[count];
                for (var i = 0; i < count; i++)
                {
                    if (!TryRead(input, ref next, out var item))
                    {
                        return false;
                    }
                    items[i] = item!;
                }
                reply = Of(items);
                break;
            default:
                throw new InvalidDataException($"Not a RESP2 reply: type byte 0x{line[0]:x2}.");
        }
        position = next;
        return true;
    }

    /// <summary>The line at <paramref name="start"/> without its CRLF, and where the next one starts.</summary>
    internal static bool TryReadLine(ReadOnlySpan<byte> input, int start, out ReadOnlySpan<byte> line, out int next)
    {
        var end = input[start..].IndexOf("\r\n"u8);
        if (end < 1)
        {
            line = default;
            next = start;
            if (end == 0)
            {
                throw new InvalidDataException("Empty RESP line.");
            }
            return false;
        }
        line = input.Slice(start, end);
        next = start + end + 2;
        return true;
    }

    internal static long ParseInteger(ReadOnlySpan<byte> digits) =>
        Utf8Parser.TryParse(digits, out long value, out var used) && used == digits.Length
            ? value
            : throw new InvalidDataException("Malformed RESP integer.");
}
