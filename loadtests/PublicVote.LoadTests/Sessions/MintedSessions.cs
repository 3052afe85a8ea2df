using System.Diagnostics;
using System.Globalization;

namespace PublicVote.LoadTests.Sessions;

/// <summary>
/// Voter sessions minted by the product's own command (<c>PublicVote.Api.dll mint-sessions</c>), which signs them
/// with the <c>Voting:SessionKey</c> it is configured with: pass the same key as the running API (run.sh exports
/// <c>Voting__SessionKey</c>; the child process inherits it). Or read from a file, one token per line.
/// </summary>
internal static class MintedSessions
{
    public static async Task<IReadOnlyList<string>> MintAsync(string apiDll, long campaignId, int count, string prefix, TimeSpan timeout)
    {
        if (!File.Exists(apiDll))
        {
            throw new ArgumentException($"--api-dll {apiDll} does not exist (build the API first: dotnet build src/PublicVote.Api -c Release).");
        }
        var start = new ProcessStartInfo("dotnet")
        {
            // The API's content root (appsettings.json) is its output folder.
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(apiDll))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { apiDll, "mint-sessions", "--campaign", campaignId.ToString(CultureInfo.InvariantCulture),
                     "--count", count.ToString(CultureInfo.InvariantCulture), "--prefix", prefix, "--hours", "6" })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        using var cancel = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var stderr = process.StandardError.ReadToEndAsync(cancel.Token);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"mint-sessions did not finish within {timeout.TotalSeconds:0} s.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mint-sessions failed (exit {process.ExitCode}): {LastLines(await stderr)}");
        }
        var tokens = Parse(await stdout);
        if (tokens.Count != count)
        {
            throw new InvalidOperationException($"mint-sessions printed {tokens.Count} tokens, {count} asked for.");
        }
        return tokens;
    }

    public static IReadOnlyList<string> FromFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"--tokens {path} does not exist.");
        }
        var tokens = Parse(File.ReadAllText(path));
        return tokens.Count > 0 ? tokens : throw new ArgumentException($"--tokens {path} holds no tokens.");
    }

    /// <summary>One token per non-empty line; anything else (a log line that slipped onto stdout) would break voting, so it is refused.</summary>
    internal static List<string> Parse(string text)
    {
        var tokens = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            if (line.Contains(' ', StringComparison.Ordinal) || line.IndexOf('.', StringComparison.Ordinal) <= 0)
            {
                throw new InvalidOperationException("A session line is not a token (expected base64url.base64url per line).");
            }
            tokens.Add(line);
        }
        return tokens;
    }

    private static string LastLines(string text) => string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3));
}
