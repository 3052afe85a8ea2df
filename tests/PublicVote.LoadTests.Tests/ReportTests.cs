using System.Text.RegularExpressions;
using PublicVote.LoadTests.Correctness;
using PublicVote.LoadTests.Reporting;

namespace PublicVote.LoadTests.Tests;

public class ReportTests
{
    private static RunReport Sample(long lost = 0) => new()
    {
        Scenario = "vote-only",
        StartedAtUtc = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero),
        BaseUrl = "http://127.0.0.1:5080/",
        CampaignId = 7,
        Schedule = "warm-up 50/s 2s → plateau 100/s 3s",
        Phases = [new("warm-up", 2, 50, 50, "Linear", true, 50, 50, 4), new("plateau", 3, 100, 100, "Linear", false, 100, 99.7, 8.4)],
        WarmupSeconds = 2,
        MaxRequests = 1000,
        MaxDurationSeconds = 60,
        MaxConcurrency = 64,
        StopReason = "ScheduleDone",
        ElapsedSeconds = 5.01,
        Injected = 400,
        OfferedMeasured = 300,
        DroppedByGenerator = 0,
        CompletedMeasured = 300,
        StillInFlightAtEnd = 0,
        OfferedRate = 100,
        AchievedRate = 99.7,
        RequestRate = 100,
        Latency = new(300, 2.1, 1.9, 3.2, 8.4, 9.9, 10.2),
        IterationLatency = new(300, 2.1, 1.9, 3.2, 8.4, 9.9, 10.2),
        Steps = [new("vote", 300, 300, 0, 0, 1.9, 8.4, 10.2)],
        StatusCodes = new Dictionary<string, long> { ["200"] = 300 },
        ProblemTypes = new Dictionary<string, long>(),
        Errors = new Dictionary<string, long>(),
        ErrorCount = 0,
        ExpectedRefusals = 0,
        Seconds = Enumerable.Range(0, 5).Select(t => new SecondSummary(t, t < 2 ? 50 : 100, t < 2 ? 50 : 100, 0, 0, 1.5 + t, 5.0 + t)).ToList(),
        Correctness = new CorrectnessResult(7, 400, 400, 400 - lost, lost, 0, lost > 0 ? ["7-0-1-0"] : [], [],
            [new CandidateCheck(1, 400, 400 - lost, 400 - lost)], [], true, 0.5),
    };

    [Fact]
    public void TheReportsCarryBothPlotsWithOnePointPerSecond()
    {
        var blocks = ReportDocument.Build(Sample());
        var md = ReportRenderers.Markdown(blocks);
        var html = ReportRenderers.Html(blocks);
        Assert.Contains("![latency](latency.svg)", md);
        Assert.Contains("![throughput](throughput.svg)", md);
        Assert.Equal(2, Regex.Count(html, "<svg "));
        var charts = blocks.OfType<Chart>().ToList();
        Assert.Equal(["latency.svg", "throughput.svg"], charts.Select(c => c.File));
        // p50 and p99 lines; offered, achieved and errors lines: five points each.
        var latencyLines = Regex.Matches(charts[0].Svg, "<polyline[^>]*points=\"([^\"]*)\"");
        Assert.Equal(2, latencyLines.Count);
        Assert.All(latencyLines, m => Assert.Equal(5, m.Groups[1].Value.Split(' ').Length));
        Assert.Equal(3, Regex.Matches(charts[1].Svg, "<polyline").Count);
        Assert.Contains("warm-up", charts[0].Svg);
        Assert.Contains("CORRECT: PostgreSQL holds exactly the 400 accepted votes", md);
        Assert.Contains("| 8.4 |", md);
        Assert.Contains("| warm-up (not measured) | 2 | 50 | 50 | 50 | 4 |", md);
    }

    [Fact]
    public void ALostVoteMakesTheReportFailLoudly()
    {
        var report = Sample(lost: 1);
        Assert.Equal(1, report.ExitCode);
        var blocks = ReportDocument.Build(report);
        var md = ReportRenderers.Markdown(blocks);
        Assert.Contains("CORRECTNESS FAILED", md);
        Assert.Contains("**CORRECTNESS FAILED: 1 lost, 0 extra, 1 candidate mismatches", md);
        Assert.Contains("7-0-1-0", md);
        Assert.Contains("class=\"loud\"", ReportRenderers.Html(blocks));
    }

    [Fact]
    public void ErrorsWithoutLostVotesGiveExitCodeThree() =>
        Assert.Equal(3, (Sample() with { ErrorCount = 2, Errors = new Dictionary<string, long> { ["ranking: HTTP 404"] = 2 } }).ExitCode);

    [Fact]
    public void TextIsEscapedInHtmlAndSvg()
    {
        var report = Sample() with { Errors = new Dictionary<string, long> { ["<script>"] = 1 }, ErrorCount = 1 };
        var html = ReportRenderers.Html(ReportDocument.Build(report));
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Theory]
    [InlineData(0.3, 0.5)]
    [InlineData(7, 10)]
    [InlineData(1234, 2000)]
    [InlineData(5000, 5000)]
    public void AxisMaximaAreRound(double value, double nice) => Assert.Equal(nice, SvgChart.NiceCeiling(value), 9);
}
