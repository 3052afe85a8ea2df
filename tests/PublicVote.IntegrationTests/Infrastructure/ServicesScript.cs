using System.Diagnostics;

namespace PublicVote.IntegrationTests.Infrastructure;

/// <summary>Runs a command of the project's <c>infra/services.sh</c> (for servers a test owns: its own port and data folder).</summary>
public static class ServicesScript
{
    public static async Task RunAsync(string command, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(TestServices.InfraDir, "services.sh"), command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PV_INSTANCE"] = "throwaway";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"services.sh {command} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
