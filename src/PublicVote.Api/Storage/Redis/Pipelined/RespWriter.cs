using System.Buffers;
using System.Buffers.Text;
using System.Text;
using StackExchange.Redis;

namespace PublicVote.Api.Storage.Redis.Pipelined;

/// <summary>Writes RESP2 commands (an array of bulk strings) straight into a buffer, without intermediate strings.</summary>
public static class RespWriter
{
    /// <summary><c>EVALSHA sha numkeys key... arg...</c>, or <c>EVAL</c> with the script's text.</summary>
    public static void WriteScriptCall(IBufferWriter<byte> output, RedisScript script, bool withText, RedisKey[] keys, RedisValue[] args)
    {
        WriteHeader(output, '*', 3 + keys.Length + args.Length);
        if (withText)
        {
            WriteBulk(output, "EVAL"u8);
            WriteBulk(output, script.Text);
        }
        else
        {
            WriteBulk(output, "EVALSHA"u8);
            WriteBulk(output, script.Sha1Hex);
        }
        WriteBulk(output, keys.Length);
        foreach (var key in keys)
        {
            WriteBulk(output, (string?)key ?? "");
        }
        foreach (var arg in args)
        {
            WriteBulk(output, arg);
        }
    }

    public static void WriteCommand(IBufferWriter<byte> output, params string[] parts)
    {
        WriteHeader(output, '*', parts.Length);
        foreach (var part in parts)
        {
            WriteBulk(output, part);
        }
    }

    /// <summary>A command with arguments of the kinds the multiplexer's <c>ExecuteAsync</c> takes: strings, numbers, keys, values.</summary>
    public static void WriteCommand(IBufferWriter<byte> output, string command, object[] args)
    {
        WriteHeader(output, '*', 1 + args.Length);
        WriteBulk(output, command);
        foreach (var arg in args)
        {
            switch (arg)
            {
                case string text: WriteBulk(output, text); break;
                case long number: WriteBulk(output, number); break;
                case int number: WriteBulk(output, number); break;
                case RedisKey key: WriteBulk(output, (string?)key ?? ""); break;
                case RedisValue value: WriteBulk(output, value); break;
                default: throw new ArgumentException($"A Redis argument cannot be a {arg?.GetType().Name ?? "null"}.", nameof(args));
            }
        }
    }

    public static void WriteBulk(IBufferWriter<byte> output, RedisValue value)
    {
        if (value.IsInteger)
        {
            WriteBulk(output, (long)value);
        }
        else
        {
            WriteBulk(output, ((byte[]?)value ?? []).AsSpan());
        }
    }

    public static void WriteBulk(IBufferWriter<byte> output, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out var length);
        WriteBulk(output, digits[..length]);
    }

    public static void WriteBulk(IBufferWriter<byte> output, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteHeader(output, '$', length);
        var span = output.GetSpan(length + 2);
        Encoding.UTF8.GetBytes(value, span);
        "\r\n"u8.CopyTo(span[length..]);
        output.Advance(length + 2);
    }

    public static void WriteBulk(IBufferWriter<byte> output, ReadOnlySpan<byte> value)
    {
        WriteHeader(output, '$', value.Length);
        var span = output.GetSpan(value.Length + 2);
        value.CopyTo(span);
        "\r\n"u8.CopyTo(span[value.Length..]);
        output.Advance(value.Length + 2);
    }

    private static void WriteHeader(IBufferWriter<byte> output, char type, int count)
    {
        var span = output.GetSpan(16);
        span[0] = (byte)type;
        Utf8Formatter.TryFormat(count, span[1..], out var length);
        "\r\n"u8.CopyTo(span[(1 + length)..]);
        output.Advance(length + 3);
    }
}
