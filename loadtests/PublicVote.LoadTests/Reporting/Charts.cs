namespace PublicVote.LoadTests.Reporting;

/// <summary>The two plots of every report.</summary>
public static class Charts
{
    public static string Latency(RunReport report) => SvgChart.Line("Latency by intended second (from intended start)", "ms",
    [
        new("p50", "#1f77b4", report.Seconds.Select(s => s.P50).ToList()),
        new("p99", "#d62728", report.Seconds.Select(s => s.P99).ToList()),
    ], report.WarmupSeconds);

    public static string Throughput(RunReport report) => SvgChart.Line("Throughput per second", "iterations/s",
    [
        new("offered", "#7f7f7f", report.Seconds.Select(s => (double?)s.Offered).ToList()),
        new("achieved", "#2ca02c", report.Seconds.Select(s => (double?)s.Completed).ToList()),
        new("errors", "#d62728", report.Seconds.Select(s => (double?)s.Errors).ToList()),
    ], report.WarmupSeconds);
}
