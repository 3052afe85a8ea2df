using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace PublicVote.Api.Storage.Redis;

/// <summary>A Lua script from an embedded resource, sent as EVALSHA and re-sent in full after NOSCRIPT (Redis restarted).</summary>
public sealed class RedisScript
{
    private RedisScript(string text)
    {
        Text = text;
        Sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(text));
        Sha1Hex = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(Sha1));
    }

    public string Text { get; }

    public byte[] Sha1 { get; }

    /// <summary>The digest as EVALSHA takes it (40 lower-case hex digits, ASCII).</summary>
    public byte[] Sha1Hex { get; }

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
            return await db.ScriptEvaluateAsync(Text, keys, values).ConfigureAwait(false);
        }
    }
}
