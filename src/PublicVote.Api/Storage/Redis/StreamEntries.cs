using System.Buffers.Text;
using System.Text;
using PublicVote.Api.Storage.Redis.Pipelined;

namespace PublicVote.Api.Storage.Redis;

/// <summary>
/// Stream entries (as vote.lua's XADD wrote them) turned into <see cref="StreamVote"/>s, straight from the reply's bytes:
/// strings only for what stays a string, numbers parsed in place. Entries that were deleted while pending come back
/// with nil fields; their ids are collected apart.
/// </summary>
public static class StreamEntries
{
    /// <summary>XREADGROUP of one stream: <c>[[stream, [entry...]]]</c>, or nil when there is nothing.</summary>
    public static (List<StreamVote> Votes, List<string> Deleted) FromReadGroup(ReadOnlySpan<byte> reply)
    {
        var cursor = new RespCursor(reply);
        var (votes, deleted) = (new List<StreamVote>(), new List<string>());
        if (cursor.ReadArrayLength() > 0 && cursor.ReadArrayLength() == 2)
        {
            cursor.Skip(); // the stream's name
            Read(ref cursor, votes, deleted);
        }
        return (votes, deleted);
    }

    /// <summary>Reads an array of entries <c>[[id, [field, value, ...] | nil], ...]</c>.</summary>
    public static void Read(ref RespCursor cursor, List<StreamVote> votes, List<string> deleted)
    {
        var count = cursor.ReadArrayLength();
        votes.EnsureCapacity(votes.Count + Math.Max(count, 0));
        for (var i = 0; i < count; i++)
        {
            cursor.ReadArrayLength();
            var id = cursor.ReadString();
            var length = cursor.ReadArrayLength();
            if (length < 0)
            {
                deleted.Add(id);
                continue;
            }
            var fields = new StreamVoteFields();
            for (var p = 0; p < length / 2; p++)
            {
                var name = cursor.ReadBulk(out _);
                fields.Set(name, cursor.ReadBulk(out _));
            }
            votes.Add(fields.Build(id));
        }
    }
}

/// <summary>The fields of one stream entry, set one at a time (unknown fields are ignored: a newer script may add some).</summary>
public struct StreamVoteFields
{
    private string _voter, _ip, _ua, _prefix, _token, _status;
    private long _candidate, _at;
    private long? _firstSeen, _dwell;
    private int _day, _newInPrefix;
    private bool _signals;

    public StreamVoteFields()
    {
        _voter = _ip = _ua = _prefix = _token = "";
        _status = "c";
    }

    public void Set(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        switch (name)
        {
            case [(byte)'e']: SetPacked(value, signals: false); break;
            case [(byte)'s']: SetPacked(value, signals: true); break;
            case [(byte)'v']: _voter = Encoding.UTF8.GetString(value); break;
            case [(byte)'c']: _candidate = Integer(value); break;
            case [(byte)'t']: _at = Integer(value); break;
            case [(byte)'d']: _day = (int)Integer(value); break;
            case [(byte)'i', (byte)'p']: _ip = Encoding.UTF8.GetString(value); break;
            case [(byte)'u', (byte)'a']: _ua = Encoding.UTF8.GetString(value); break;
            case [(byte)'p', (byte)'f']: _prefix = Encoding.UTF8.GetString(value); _signals = true; break;
            case [(byte)'f', (byte)'s']: _firstSeen = OptionalInteger(value); break;
            case [(byte)'d', (byte)'w']: _dwell = OptionalInteger(value); break;
            case [(byte)'t', (byte)'k']: _token = Short(value); break;
            case [(byte)'n', (byte)'v']: _newInPrefix = (int)Integer(value); break;
            case [(byte)'s', (byte)'t']: _status = Short(value); break;
        }
    }

    /// <summary>
    /// vote.lua's one-field entry: "candidate|time|day|ip|ua|voter", with the signals "...|ua|prefix|first seen|dwell|token|
    /// new in prefix|status|voter". The voter is last and takes the rest, whatever it holds. (The earlier entries, one
    /// field per value, are still read: a stream written before the change drains with the same code.)
    /// </summary>
    private void SetPacked(ReadOnlySpan<byte> value, bool signals)
    {
        _candidate = Integer(Next(ref value));
        _at = Integer(Next(ref value));
        _day = (int)Integer(Next(ref value));
        _ip = Encoding.UTF8.GetString(Next(ref value));
        _ua = Encoding.UTF8.GetString(Next(ref value));
        if (signals)
        {
            _prefix = Encoding.UTF8.GetString(Next(ref value));
            _firstSeen = OptionalInteger(Next(ref value));
            _dwell = OptionalInteger(Next(ref value));
            _token = Short(Next(ref value));
            _newInPrefix = (int)Integer(Next(ref value));
            _status = Short(Next(ref value));
            _signals = true;
        }
        _voter = Encoding.UTF8.GetString(value);
    }

    /// <summary>The part before the next '|' (the rest stays in <paramref name="value"/>).</summary>
    private static ReadOnlySpan<byte> Next(ref ReadOnlySpan<byte> value)
    {
        var bar = value.IndexOf((byte)'|');
        if (bar < 0)
        {
            throw new FormatException($"A packed stream entry has too few parts: '{Encoding.UTF8.GetString(value)}'.");
        }
        var part = value[..bar];
        value = value[(bar + 1)..];
        return part;
    }

    public readonly StreamVote Build(string id) => new(id, _candidate, _voter, _at, _day, _ip, _ua,
        _signals ? new StreamSignals(_prefix, _firstSeen, _dwell, _token, _newInPrefix, _status) : null);

    /// <summary>The one-letter codes (token state, status) without allocating a string each time.</summary>
    private static string Short(ReadOnlySpan<byte> value) => value switch
    {
        [] => "",
        [(byte)'c'] => "c",
        [(byte)'p'] => "p",
        [(byte)'u'] => "u",
        [(byte)'r'] => "r",
        [(byte)'i'] => "i",
        _ => Encoding.UTF8.GetString(value),
    };

    /// <summary>Lua writes its numbers with %.14g, so a large one may come as "1.7e+12".</summary>
    private static long Integer(ReadOnlySpan<byte> value) =>
        Utf8Parser.TryParse(value, out long integer, out var used) && used == value.Length ? integer
        : Utf8Parser.TryParse(value, out double real, out used, 'E') && used == value.Length ? (long)real
        : throw new FormatException($"Not a number in a stream entry: '{Encoding.UTF8.GetString(value)}'.");

    private static long? OptionalInteger(ReadOnlySpan<byte> value) => value.IsEmpty ? null : Integer(value);
}
