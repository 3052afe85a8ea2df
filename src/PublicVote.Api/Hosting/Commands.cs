using System.Diagnostics;
using System.Globalization;
using PublicVote.Api.Background;
using PublicVote.Api.Features.Demo;
using PublicVote.Api.Features.Voting;
using PublicVote.Api.Storage.Sql;

namespace PublicVote.Api.Hosting;

/// <summary>
/// Operator commands run instead of the web host: <c>migrate</c>, <c>seed-demo</c>,
/// <c>mint-session --campaign N --openid ID [--hours H]</c> and
/// <c>mint-sessions --campaign N --count N [--prefix P] [--hours H]</c> (load tests),
/// <c>campaign import FILE</c> / <c>campaign export ID</c> (<see cref="CampaignCommands"/>) and <c>drain</c> (flush
/// every stream to PostgreSQL now, and say how fast: the bench's flusher figure). Results go to stdout, logs to stderr.
/// </summary>
public static class Commands
{
    private static readonly string[] Names = ["migrate", "seed-demo", "mint-session", "mint-sessions", "campaign", "drain"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Names.Contains(args[0]);

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var services = app.Services;
        var options = ParseOptions(args);
        switch (args[0])
        {
            case "migrate":
                var applied = await services.GetRequiredService<Migrator>().MigrateAsync();
                Console.WriteLine($"migrations applied: {applied}");
                return 0;
            case "seed-demo":
                await services.GetRequiredService<Migrator>().MigrateAsync();
                var demo = ActivatorUtilities.CreateInstance<DemoSeeder>(services);
                Console.WriteLine($"campaignId={await demo.SeedAsync()}");
                return 0;
            case "mint-session":
                Console.WriteLine(Tokens(services).Issue(Required(options, "openid"), long.Parse(Required(options, "campaign"), CultureInfo.InvariantCulture), Hours(options)));
                return 0;
            case "mint-sessions":
                var tokens = Tokens(services);
                var campaign = long.Parse(Required(options, "campaign"), CultureInfo.InvariantCulture);
                var count = int.Parse(Required(options, "count"), CultureInfo.InvariantCulture);
                var prefix = options.GetValueOrDefault("prefix", "bench");
                var lifetime = Hours(options);
                using (var stdout = new StreamWriter(Console.OpenStandardOutput()))
                {
                    for (var i = 0; i < count; i++)
                    {
                        stdout.WriteLine(tokens.Issue(string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i}"), campaign, lifetime));
                    }
                }
                return 0;
            case "campaign":
                return await CampaignCommands.RunAsync(services, args);
            case "drain":
                var drain = await DrainAsync(services.GetRequiredService<VoteFlusher>());
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"drained={drain.Votes} seconds={drain.Elapsed.TotalSeconds:F2} votesPerSecond={drain.Votes / Math.Max(drain.Elapsed.TotalSeconds, 0.001):F0} warmVotesPerSecond={drain.WarmVotes / Math.Max(drain.WarmElapsed.TotalSeconds, 0.001):F0} lateVotesPerSecond={drain.LateVotes / Math.Max(drain.LateElapsed.TotalSeconds, 0.001):F0}"));
                return 0;
            default:
                throw new ArgumentException($"Unknown command {args[0]}; known: {string.Join(", ", Names)}.");
        }
    }

    /// <summary>
    /// Flushes until every stream is empty. "Warm" leaves out the first round, where this fresh process JITs; "late" is
    /// the second half of the votes, by when the JIT's background recompilation has mostly settled (a flusher inside a
    /// running API has none of either).
    /// </summary>
    private static async Task<(long Votes, TimeSpan Elapsed, long WarmVotes, TimeSpan WarmElapsed, long LateVotes, TimeSpan LateElapsed)> DrainAsync(
        VoteFlusher flusher)
    {
        var started = Stopwatch.GetTimestamp();
        var rounds = new List<(long Total, long At)>();
        long total = 0;
        for (long moved; (moved = await flusher.FlushAllAsync()) > 0 || rounds.Count == 0;)
        {
            total += moved;
            rounds.Add((total, Stopwatch.GetTimestamp()));
        }
        var ended = Stopwatch.GetTimestamp();
        var (firstTotal, firstAt) = rounds[0];
        var (halfTotal, halfAt) = rounds.FirstOrDefault(r => r.Total * 2 >= total, rounds[0]);
        return (total, Stopwatch.GetElapsedTime(started, ended), total - firstTotal, Stopwatch.GetElapsedTime(firstAt, ended),
            total - halfTotal, Stopwatch.GetElapsedTime(halfAt, ended));
    }

    private static VoterSessionTokens Tokens(IServiceProvider services) => services.GetRequiredService<VoterSessionTokens>();

    private static TimeSpan Hours(Dictionary<string, string> options) =>
        TimeSpan.FromHours(double.Parse(options.GetValueOrDefault("hours", "24"), CultureInfo.InvariantCulture));

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                options[args[i][2..]] = args[i + 1];
            }
        }
        return options;
    }
}
