using System.Globalization;
using PublicVote.LoadTests.Correctness;
using PublicVote.LoadTests.Scenarios;

namespace PublicVote.LoadTests;

public enum SessionSource
{
    Minted,
    WeChat,
}

/// <summary>The tool's command line: <c>&lt;scenario&gt; [--option value]...</c>; every option has a default (see <see cref="Usage"/>).</summary>
public sealed record LoadOptions
{
    public static readonly string[] Scenarios = ["vote-only", "citizen-journey", "push-spike", "read-heavy"];

    public required string Scenario { get; init; }
    public string BaseUrl { get; init; } = "http://127.0.0.1:5080";
    public string? Postgres { get; init; }
    public long? CampaignId { get; init; }
    public LoadCampaignSpec Campaign { get; init; } = new();
    public SessionSource Sessions { get; init; } = SessionSource.Minted;
    public string? TokensFile { get; init; }
    public string? ApiDll { get; init; }
    public string SessionPrefix { get; init; } = "load";
    public double? Rate { get; init; }
    public double Warmup { get; init; } = 5;
    public double Ramp { get; init; } = 5;
    public double Duration { get; init; } = 30;
    public double Baseline { get; init; } = 15;
    public double SpikeFactor { get; init; } = 10;
    public double SpikeRise { get; init; } = 3;
    public double SpikeHold { get; init; } = 10;
    public double SpikeDecay { get; init; } = 60;
    public long MaxRequests { get; init; } = 200_000;
    public double MaxDuration { get; init; } = 300;
    public int MaxConcurrency { get; init; } = 512;
    public double RequestTimeout { get; init; } = 10;
    public double DrainTimeout { get; init; } = 60;
    public string? ResultsDir { get; init; }
    public ScenarioSettings Settings { get; init; } = new();

    public const string Usage = """
        usage: PublicVote.LoadTests <vote-only|citizen-journey|push-spike|read-heavy> [options]
          target      --base-url http://127.0.0.1:5080 (loopback only)  --postgres "<Npgsql conn string>" (default: env ConnectionStrings__Postgres)
          campaign    --campaign N (use an existing one; default: create a fresh one)  --candidates 20 --categories 2
                      --daily-limit 5 --per-candidate-limit 1 --shards 1
          sessions    --sessions minted|wechat  --api-dll <PublicVote.Api.dll> (minted: runs its mint-sessions; needs Voting__SessionKey)
                      --tokens <file> (minted: one token per line, with --campaign)  --session-prefix load
          schedule    --rate R (arrivals/s; default 500, journey 50, push-spike baseline 100)  --warmup 5 --ramp 5 --duration 30 (s)
                      push-spike: --baseline 15 --spike-factor 10 --spike-rise 3 --spike-hold 10 --spike-decay 60 (s)
          bounds      --max-requests 200000 --max-duration 300 (s) --max-concurrency 512 --request-timeout 10 (s) --drain-timeout 60 (s)
          mix         --zipf 1.1 --retry-share 0.05 --duplicate-share 0.03 --limit-share 0.05 --read-share 0.8
          output      --results <dir> (default loadtests/results/<utc timestamp>-<scenario>/)
        exit codes: 0 correct and no errors, 1 correctness failed (lost/extra votes), 2 bad usage, 3 correct but requests failed
        """;

    public double DefaultRate => Scenario switch
    {
        "citizen-journey" => 50,
        "push-spike" => 100,
        _ => 500,
    };

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || !Scenarios.Contains(args[0]))
        {
            throw new ArgumentException($"The first argument must be a scenario: {string.Join(", ", Scenarios)}.");
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"Expected '--option value', got '{args[i]}'.");
            }
            values[args[i][2..]] = args[++i];
        }
        var reader = new OptionReader(values);
        var options = new LoadOptions
        {
            Scenario = args[0],
            BaseUrl = reader.String("base-url") ?? "http://127.0.0.1:5080",
            Postgres = reader.String("postgres") ?? Environment.GetEnvironmentVariable("ConnectionStrings__Postgres"),
            CampaignId = reader.Long("campaign"),
            Campaign = new LoadCampaignSpec
            {
                Candidates = reader.Int("candidates") ?? 20,
                Categories = reader.Int("categories") ?? 2,
                DailyVoteLimit = reader.Int("daily-limit") ?? 5,
                PerCandidateDailyLimit = reader.Int("per-candidate-limit") ?? 1,
                RedisShards = reader.Int("shards") ?? 1,
            },
            Sessions = (reader.String("sessions") ?? "minted") switch
            {
                "minted" => SessionSource.Minted,
                "wechat" => SessionSource.WeChat,
                var other => throw new ArgumentException($"--sessions must be minted or wechat, not '{other}'."),
            },
            TokensFile = reader.String("tokens"),
            ApiDll = reader.String("api-dll"),
            SessionPrefix = reader.String("session-prefix") ?? "load",
            Rate = reader.Double("rate"),
            Warmup = reader.Double("warmup") ?? 5,
            Ramp = reader.Double("ramp") ?? 5,
            Duration = reader.Double("duration") ?? 30,
            Baseline = reader.Double("baseline") ?? 15,
            SpikeFactor = reader.Double("spike-factor") ?? 10,
            SpikeRise = reader.Double("spike-rise") ?? 3,
            SpikeHold = reader.Double("spike-hold") ?? 10,
            SpikeDecay = reader.Double("spike-decay") ?? 60,
            MaxRequests = reader.Long("max-requests") ?? 200_000,
            MaxDuration = reader.Double("max-duration") ?? 300,
            MaxConcurrency = reader.Int("max-concurrency") ?? 512,
            RequestTimeout = reader.Double("request-timeout") ?? 10,
            DrainTimeout = reader.Double("drain-timeout") ?? 60,
            ResultsDir = reader.String("results"),
            Settings = new ScenarioSettings(
                reader.Double("zipf") ?? 1.1, reader.Double("retry-share") ?? 0.05, reader.Double("duplicate-share") ?? 0.03,
                reader.Double("limit-share") ?? 0.05, reader.Double("read-share") ?? 0.8),
        };
        reader.RejectUnknown();
        options.Validate();
        return options;
    }

    public void Validate()
    {
        Campaign.Validate();
        Settings.Validate();
        if (Rate is <= 0 or > 1_000_000)
        {
            throw new ArgumentException("--rate must be > 0 and at most 1,000,000 arrivals/s.");
        }
        if (Warmup < 0 || Ramp < 0 || Duration <= 0 || Baseline <= 0 || SpikeRise <= 0 || SpikeHold < 0 || SpikeDecay <= 0 || SpikeFactor < 1)
        {
            throw new ArgumentException("Phase lengths must be positive (--warmup/--ramp/--spike-hold may be 0) and --spike-factor ≥ 1.");
        }
        if (MaxRequests is < 1 or > 10_000_000 || MaxDuration is <= 0 or > 3600 || MaxConcurrency is < 1 or > 100_000)
        {
            throw new ArgumentException("Bounds: --max-requests 1-10,000,000, --max-duration up to 3600 s, --max-concurrency 1-100,000.");
        }
        if (RequestTimeout <= 0 || DrainTimeout <= 0)
        {
            throw new ArgumentException("--request-timeout and --drain-timeout must be positive.");
        }
        if (string.IsNullOrWhiteSpace(Postgres))
        {
            throw new ArgumentException("--postgres (or env ConnectionStrings__Postgres) is required: the correctness check reads PostgreSQL.");
        }
        if (Sessions == SessionSource.Minted && TokensFile is null && ApiDll is null)
        {
            throw new ArgumentException("Minted sessions need --api-dll (to run mint-sessions) or --tokens <file>.");
        }
        if (TokensFile is not null && CampaignId is null)
        {
            throw new ArgumentException("--tokens needs --campaign: tokens are signed for one campaign.");
        }
        if (Scenario == "citizen-journey" && Settings.LimitShare > 0 && CampaignId is null && Campaign.Candidates <= Campaign.DailyVoteLimit)
        {
            throw new ArgumentException("citizen-journey's over-limit citizens need more candidates than --daily-limit.");
        }
    }

    private sealed class OptionReader(Dictionary<string, string> values)
    {
        private readonly HashSet<string> _known = [];

        public string? String(string name)
        {
            _known.Add(name);
            return values.GetValueOrDefault(name);
        }

        public int? Int(string name) => String(name) is { } s
            ? int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw Bad(name, s, "an integer")
            : null;

        public long? Long(string name) => String(name) is { } s
            ? long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw Bad(name, s, "an integer")
            : null;

        public double? Double(string name) => String(name) is { } s
            ? double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : throw Bad(name, s, "a number")
            : null;

        public void RejectUnknown()
        {
            var unknown = values.Keys.Where(k => !_known.Contains(k)).ToList();
            if (unknown.Count > 0)
            {
                throw new ArgumentException($"Unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}.");
            }
        }

        private static ArgumentException Bad(string name, string value, string what) => new($"--{name} must be {what}, not '{value}'.");
    }
}
