using Npgsql;
using PublicVote.FraudEval.Replay;
using PublicVote.FraudEval.Scoring;
using PublicVote.FraudEval.Simulation;

namespace PublicVote.FraudEval.Tests;

/// <summary>
/// The evaluation replayed through the real product (<c>--target service</c>): the API host on the run's Redis and
/// PostgreSQL (infra/test.sh), every vote and vote token over HTTP through the trusted proxy, the flusher and the
/// detector host's scan each tick. Reduced so it runs in a few minutes: 3 days, 2,000 organic voters, no drip (it needs
/// days), ticks of 2 virtual minutes. The same scenario is replayed in process beside it, and the two must agree on
/// what the detectors found: the product must feed them what the generator meant.
/// </summary>
public sealed class ServiceReplayTests(ServiceReplayTests.Run run) : IClassFixture<ServiceReplayTests.Run>
{
    public sealed class Run : IAsyncLifetime
    {
        internal EvalReport Report { get; private set; } = null!;

        internal ServiceSeed Seed { get; private set; } = null!;

        internal EvalReport InProcess { get; private set; } = null!;

        internal string Markdown { get; private set; } = "";

        public async Task InitializeAsync()
        {
            var options = EvalOptions.Parse(["--size", "ci", "--seeds", "23", "--tick", "120", "--out", "-", "--target", "service"]) with
            {
                Scale = Scale.Ci with { Name = "ci-service", Days = 3, OrganicVoters = 2_000, SlowDrips = 0, CamouflagedDrips = 0, GroupRounds = (2, 2) },
                Service = new ServiceConnection(
                    Environment.GetEnvironmentVariable("PV_TEST_REDIS") ?? "127.0.0.1:6392",
                    Environment.GetEnvironmentVariable("PV_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5442;Database=postgres;Username=publicvote"),
            };
            var service = new List<ServiceSeed>();
            Report = await EvalRunner.RunAsync(options, progress: null, CancellationToken.None, service);
            Seed = Assert.Single(service);
            InProcess = new EvalReport(options, "in process", [Seed.InProcess]);
            Markdown = ServiceReport.ToMarkdown(Report, service, new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero));
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }

    [Fact]
    public void EveryVoteIsAcceptedThroughTheApi()
    {
        Assert.Empty(run.Seed.Stats.RefusedByType);
        Assert.Equal(run.Report.Seeds[0].Votes, run.Seed.Stats.Accepted);
    }

    [Fact]
    public void TheDetectorsFindThroughTheProductWhatTheyFindInProcess()
    {
        foreach (var attack in run.Report.Attacks)
        {
            var twin = run.InProcess.Attacks.Single(a => a.Name == attack.Name);
            Assert.True(Math.Abs(attack.FlaggedRecall - twin.FlaggedRecall) <= 0.02, $"{attack.Name}: {attack.FlaggedRecall} vs {twin.FlaggedRecall} in process");
        }
    }

    [Fact]
    public void TheHostHoldsAFreshAccountBurstAndContainsItWithinFiveMinutes()
    {
        var a1 = run.Report.Attack(AttackKind.FreshBurst)!;

        Assert.True(a1.Recall >= 0.98, $"recall {a1.Recall}");
        Assert.Equal(0, a1.Uncontained);
        Assert.True(a1.WorstTimeToContain <= TimeSpan.FromMinutes(5), $"contained after {a1.WorstTimeToContain}");
        Assert.True(run.Seed.Stats.HeldByCases > 0, "the host's hold policy held no vote");
    }

    [Fact]
    public void HonestVotersAreSeldomHeldAndThePushRaisesNoCase()
    {
        var honest = run.Report.Honest;

        Assert.True(honest.Held <= 0.03, $"held {honest.Held}");
        Assert.Equal(0, honest.PushCases);
    }

    [Fact]
    public void TheReportSaysTheVotesWentThroughTheProduct()
    {
        Assert.DoesNotContain("The detectors run in process", run.Markdown, StringComparison.Ordinal);
        Assert.Contains("## Through the product", run.Markdown, StringComparison.Ordinal);
        Assert.Contains("-- --target service --size ci-service", run.Markdown, StringComparison.Ordinal);
        Assert.Contains("| 23 | ", run.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRunLeavesNoDatabaseBehind()
    {
        var admin = run.Report.Options.Service!.Admin;
        using var connection = new NpgsqlConnection(admin);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", run.Seed.Stats.Database);
        Assert.Equal(0L, (long)command.ExecuteScalar()!);
    }
}
