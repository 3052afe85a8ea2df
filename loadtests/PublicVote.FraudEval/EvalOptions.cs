using System.Globalization;
using PublicVote.FraudEval.Replay;
using PublicVote.FraudEval.Simulation;

namespace PublicVote.FraudEval;

/// <summary>Command-line options of the evaluation run.</summary>
internal sealed record EvalOptions(
    Scale Scale,
    IReadOnlyList<int> Seeds,
    double HoldSeverity,
    IReadOnlyDictionary<string, string?> Settings,
    string? ReportPath,
    TimeSpan Tick,
    string? CasesPath = null,
    string Target = EvalOptions.InProcess,
    ServiceConnection? Service = null)
{
    public const string InProcess = "in-process";
    public const string ServiceTarget = "service";

    public const string Usage = """
        usage: PublicVote.FraudEval [--size full|ci] [--seeds 11-15|11,12] [--hold 0.6] [--set Key=Value]... [--out PATH|-] [--tick SECONDS]
                                    [--target in-process|service] [--redis HOST:PORT] [--postgres CONNECTION-STRING]

          --size    full: the protocol's campaign (300 candidates, 10 days, ~1M votes); ci: the same model shrunk (seconds)
          --seeds   seeds to run, a range or a list (default 11-15; 1-10 were used to tune the thresholds)
          --hold    the host's policy: findings at or above this severity hold their votes pending (default 0.6)
          --set     a detector setting, e.g. --set AntiFraud:Detectors:Burst:Threshold=14 (repeatable)
          --out     Markdown report path (default loadtests/results/fraud-eval.md under the repository; '-' for none)
          --tick    how often the host evaluates the detectors, in virtual seconds (default 60)
          --cases   also write every case (detector, candidate, votes, attack share, summary, evidence JSON) as TSV here
          --target  in-process: the detectors alone (default); service: the real API host, Redis and PostgreSQL, the
                    votes over HTTP, the detector host's scan (report: loadtests/results/fraud-eval-service.md)
          --redis, --postgres  the service target's Redis and PostgreSQL, loopback only (default: ConnectionStrings__Redis
                    and ConnectionStrings__Postgres, as `PV_INSTANCE=x bash infra/services.sh env` prints them); each run
                    uses a fresh database and key prefix and removes them
        """;

    public static EvalOptions Parse(IReadOnlyList<string> args)
    {
        var scale = Scale.Full;
        IReadOnlyList<int> seeds = [11, 12, 13, 14, 15];
        var hold = 0.6;
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        string? report = null;
        var reportSet = false;
        var tick = TimeSpan.FromMinutes(1);
        string? cases = null;
        var target = InProcess;
        var service = ServiceConnection.FromEnvironment();
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--size":
                    scale = Scale.Parse(value);
                    break;
                case "--seeds":
                    seeds = ParseSeeds(value);
                    break;
                case "--hold":
                    hold = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var h) && h is > 0 and <= 1
                        ? h : throw new ArgumentException("--hold must be a number in (0, 1].");
                    break;
                case "--set":
                    var eq = value.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0 || !value.StartsWith("AntiFraud:Detectors:", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new ArgumentException("--set takes AntiFraud:Detectors:<Detector>:<Setting>=<value>.");
                    }
                    settings[value[..eq]] = value[(eq + 1)..];
                    break;
                case "--out":
                    report = value == "-" ? null : value;
                    reportSet = true;
                    break;
                case "--target":
                    target = value is InProcess or ServiceTarget ? value : throw new ArgumentException("--target must be 'in-process' or 'service'.");
                    break;
                case "--redis":
                    service = service with { Redis = value };
                    break;
                case "--postgres":
                    service = service with { Postgres = value };
                    break;
                case "--tick":
                    tick = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is >= 1 and <= 3600
                        ? TimeSpan.FromSeconds(s) : throw new ArgumentException("--tick must be 1-3600 seconds.");
                    break;
                case "--cases":
                    cases = value;
                    break;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'.");
            }
            i++;
        }
        if (!reportSet)
        {
            report = DefaultReportPath(target == ServiceTarget ? "fraud-eval-service.md" : "fraud-eval.md");
        }
        return new EvalOptions(scale, seeds, hold, settings, report, tick, cases, target, target == ServiceTarget ? service : null);
    }

    private static List<int> ParseSeeds(string value)
    {
        var seeds = new List<int>();
        foreach (var part in value.Split(','))
        {
            var range = part.Split('-');
            if (range.Length is < 1 or > 2 || !range.All(r => int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                throw new ArgumentException($"--seeds: '{part}' is not a seed or a range like 11-15.");
            }
            var from = int.Parse(range[0], CultureInfo.InvariantCulture);
            var to = int.Parse(range[^1], CultureInfo.InvariantCulture);
            if (to < from || to - from > 1000)
            {
                throw new ArgumentException($"--seeds: '{part}' is not an ascending range of at most 1000 seeds.");
            }
            seeds.AddRange(Enumerable.Range(from, to - from + 1));
        }
        return seeds;
    }

    private static string DefaultReportPath(string name)
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PublicVote.sln")))
            {
                return Path.Combine(dir.FullName, "loadtests", "results", name);
            }
        }
        return Path.Combine("loadtests", "results", name);
    }
}
