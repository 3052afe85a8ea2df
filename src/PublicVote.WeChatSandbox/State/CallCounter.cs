using System.Collections.Concurrent;

namespace PublicVote.WeChatSandbox.State;

/// <summary>Calls per WeChat path, so tests can assert e.g. "exactly one token fetch".</summary>
public sealed class CallCounter
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    public void Count(string path) => _calls.AddOrUpdate(path, 1, (_, n) => n + 1);

    public SortedDictionary<string, int> Snapshot() => new(_calls, StringComparer.Ordinal);

    public void Clear() => _calls.Clear();
}
