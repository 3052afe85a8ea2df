using System.Net;
using System.Text.RegularExpressions;
using Npgsql;
using PublicVote.LoadTests.Correctness;
using PublicVote.LoadTests.Engine;
using PublicVote.LoadTests.Reporting;
using PublicVote.LoadTests.Sessions;
using Spectre.Console;

namespace PublicVote.LoadTests;

internal static partial class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h")
        {
            Console.WriteLine(LoadOptions.Usage);
            return args.Length == 0 ? 2 : 0;
        }
        LoadOptions options;
        Uri baseUrl;
        try
        {
            options = LoadOptions.Parse(args);
            baseUrl = LoopbackGuard.RequireLoopback(options.BaseUrl, "--base-url");
            var pgHost = new NpgsqlConnectionStringBuilder(options.Postgres).Host ?? "";
            if (!pgHost.Split(',').All(LoopbackGuard.IsLoopbackHost))
            {
                throw new ArgumentException($"PostgreSQL must be on loopback, not '{pgHost}'.");
            }
            if (!SessionPrefixPattern().IsMatch(options.SessionPrefix))
            {
                throw new ArgumentException("--session-prefix must be 1-20 of A-Z, a-z, 0-9, '_', '-'.");
            }
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"load: {ex.Message}\n\n{LoadOptions.Usage}");
            return 2;
        }

        try
        {
            return await RunAsync(options, baseUrl);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or HttpRequestException or NpgsqlException)
        {
            AnsiConsole.MarkupLine($"[bold red]load: {Markup.Escape(ex.Message)}[/]");
            return 2;
        }
    }

    private static async Task<int> RunAsync(LoadOptions options, Uri baseUrl)
    {
        await using var db = NpgsqlDataSource.Create(options.Postgres!);
        // One handler for the whole run: a pool of keep-alive HTTP/1.1 connections, as many as iterations may be in flight.
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.MaxConcurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var http = new HttpClient(handler)
        {
            Timeout = TimeSpan.FromSeconds(options.RequestTimeout),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using (var health = await http.GetAsync(new Uri(baseUrl, "/healthz")))
        {
            if (!health.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{baseUrl} /healthz answered {(int)health.StatusCode}.");
            }
        }

        var campaign = options.CampaignId is { } id
            ? await LoadCampaign.LoadAsync(db, id)
            : await LoadCampaign.CreateAsync(db, options.Campaign, DateTimeOffset.UtcNow);
        var schedule = Profiles.For(options);
        var limits = new RunLimits(options.MaxRequests, TimeSpan.FromSeconds(options.MaxDuration), options.MaxConcurrency, TimeSpan.FromSeconds(options.RequestTimeout + 5));
        var planned = (int)LoadRun.PlannedArrivals(schedule, limits);
        AnsiConsole.MarkupLine($"[bold]{options.Scenario}[/] campaign {campaign.Id} ({campaign.Candidates.Count} candidates), {Markup.Escape(schedule.Describe())}, {planned} arrivals planned");

        var sessions = await SessionsAsync(options, http, baseUrl, campaign.Id, planned);
        if (sessions.Count < planned)
        {
            AnsiConsole.MarkupLine($"[yellow]only {sessions.Count} sessions for {planned} arrivals: the run stops after {sessions.Count}[/]");
        }
        var run = new LoadRun(new LoadRunSetup(options.Scenario, schedule, limits, http, baseUrl, db, campaign, sessions, options.Settings,
            TimeSpan.FromSeconds(options.DrainTimeout), TimeSpan.FromSeconds(3)));

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // First Ctrl-C stops injecting; the correctness check and the report still run.
            e.Cancel = true;
            stop.Cancel();
        };
        var outcome = await LiveProgress.WatchAsync(run, schedule, run.InjectAsync(stop.Token));
        AnsiConsole.MarkupLine($"injected {outcome.Injected} arrivals in {outcome.Elapsed.TotalSeconds:0.0} s ({outcome.Reason}); checking PostgreSQL (up to {options.DrainTimeout:0} s for the flusher)...");
        var correctness = await run.CheckAsync(CancellationToken.None);
        var report = run.Summarise(outcome, correctness);
        var folder = options.ResultsDir ?? ReportWriter.DefaultFolder(RepoRoot(), report);
        await ReportWriter.WriteAsync(folder, report);
        ConsoleSummary.Print(report, folder);
        return report.ExitCode;
    }

    private static async Task<IReadOnlyList<string>> SessionsAsync(LoadOptions options, HttpClient http, Uri baseUrl, long campaignId, int count)
    {
        var prefix = $"{options.SessionPrefix}-{campaignId}-";
        if (options.Sessions == SessionSource.WeChat)
        {
            AnsiConsole.MarkupLine($"logging {count} voters in through the WeChat sandbox...");
            return await WeChatLogin.LoginManyAsync(http, baseUrl, campaignId, prefix, count, parallel: 16, progress: null, CancellationToken.None);
        }
        if (options.TokensFile is not null)
        {
            return MintedSessions.FromFile(options.TokensFile);
        }
        AnsiConsole.MarkupLine($"minting {count} voter sessions with {Markup.Escape(Path.GetFileName(options.ApiDll!))} mint-sessions...");
        return await MintedSessions.MintAsync(options.ApiDll!, campaignId, count, prefix.TrimEnd('-'), TimeSpan.FromMinutes(5));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PublicVote.sln")))
            {
                return dir.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,20}$")]
    private static partial Regex SessionPrefixPattern();
}
