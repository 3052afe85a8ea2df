using Npgsql;
using PublicVote.LoadTests.Correctness;
using PublicVote.LoadTests.Engine;
using PublicVote.LoadTests.Metrics;
using PublicVote.LoadTests.Reporting;
using PublicVote.LoadTests.Scenarios;

namespace PublicVote.LoadTests;

/// <param name="Sessions">One voter session per arrival (arrival k is voter k).</param>
/// <param name="DrainQuiet">How long PostgreSQL must stay unchanged before a mismatch is final.</param>
internal sealed record LoadRunSetup(
    string Scenario,
    ArrivalSchedule Schedule,
    RunLimits Limits,
    HttpClient Http,
    Uri BaseUrl,
    NpgsqlDataSource Db,
    LoadCampaignInfo Campaign,
    IReadOnlyList<string> Sessions,
    ScenarioSettings Settings,
    TimeSpan DrainTimeout,
    TimeSpan DrainQuiet);

/// <summary>One run: inject the schedule, then check PostgreSQL against the accepted votes, then summarise.</summary>
internal sealed class LoadRun
{
    private readonly LoadRunSetup _setup;
    private readonly IScenario _scenario;
    private readonly ScenarioEnvironment _env;
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;

    public LoadRun(LoadRunSetup setup)
    {
        LoopbackGuard.RequireLoopback(setup.BaseUrl.AbsoluteUri, "the API base URL");
        _setup = setup;
        _scenario = ScenarioFor(setup.Scenario);
        var accepted = new AcceptedVotes(setup.Campaign.Id);
        _env = new ScenarioEnvironment(new ApiClient(setup.Http, setup.BaseUrl, setup.Campaign.Id), setup.Campaign, setup.Sessions, accepted, setup.Settings);
        // One slot per second of schedule, plus room for late completions.
        var seconds = (int)Math.Ceiling(Math.Min(setup.Schedule.Duration.TotalSeconds, setup.Limits.MaxDuration.TotalSeconds)) + 30;
        Recorder = new RunRecorder(seconds, _scenario.StepNames);
        // Never more arrivals than voters: arrival k is voter k.
        var limits = setup.Limits with { MaxRequests = Math.Min(setup.Limits.MaxRequests, setup.Sessions.Count) };
        Runner = new OpenModelRunner(setup.Schedule, limits, Recorder);
    }

    public RunRecorder Recorder { get; }

    public OpenModelRunner Runner { get; }

    public AcceptedVotes Accepted => _env.Accepted;

    public static IScenario ScenarioFor(string name) => name switch
    {
        "vote-only" or "push-spike" => new VoteOnlyScenario(name),
        "citizen-journey" => new CitizenJourneyScenario(),
        "read-heavy" => new ReadHeavyScenario(),
        _ => throw new ArgumentException($"Unknown scenario '{name}'."),
    };

    /// <summary>Arrivals the run will inject at most (the schedule, the request bound and the sessions available).</summary>
    public static long PlannedArrivals(ArrivalSchedule schedule, RunLimits limits) =>
        schedule.Arrivals(limits.MaxRequests, limits.MaxDuration).LongCount();

    public async Task<RunReport> ExecuteAsync(CancellationToken cancellationToken = default)
    {
        var outcome = await InjectAsync(cancellationToken);
        var correctness = await CheckAsync(CancellationToken.None);
        return Summarise(outcome, correctness);
    }

    public Task<RunOutcome> InjectAsync(CancellationToken cancellationToken) =>
        Runner.RunAsync((arrival, clock) => _scenario.RunAsync(new Iteration(arrival, clock, Recorder), _env), cancellationToken);

    public Task<CorrectnessResult> CheckAsync(CancellationToken cancellationToken) =>
        CorrectnessCheck.RunAsync(_setup.Db, _env.Accepted, _setup.DrainTimeout, _setup.DrainQuiet, cancellationToken);

    public RunReport Summarise(RunOutcome outcome, CorrectnessResult correctness) =>
        ReportBuilder.Build(_setup, _startedAt, outcome, Recorder, correctness);
}
