using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace PublicVote.Api.Storage.Redis;

/// <summary>A Lua script from an embedded resource, sent as EVALSHA and re-sent in full after NOSCRIPT (Redis restarted).</summary>
public sealed class RedisScript
{
    private readonly string _text;

    private RedisScript(string text)
    {
        _text = text;
        Sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(text));
    }

    public byte[] Sha1 { get; }

    public static RedisScript Load(string name)
    {
        var resource = $"PublicVote.Api.Storage.Redis.Scripts.{name}";
        using var stream = typeof(RedisScript).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded script {resource} is missing.");
        using var reader = new StreamReader(stream);
        return new RedisScript(reader.ReadToEnd());
    }

    public async Task<RedisResult> EvaluateAsync(IDatabase db, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await db.ScriptEvaluateAsync(Sha1, keys, values).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await db.ScriptEvaluateAsync(_text, keys, values).ConfigureAwait(false);
        }
    }
}
