using System.Globalization;
using Spectre.Console;

namespace PublicVote.LoadTests.Reporting;

internal static class ConsoleSummary
{
    public static void Print(RunReport r, string folder)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("", "value");
        table.AddRow("offered / achieved", $"{F(r.OfferedRate)} / {F(r.AchievedRate)} per s ({F(r.RequestRate)} requests/s)");
        table.AddRow("latency ms p50 / p90 / p99 / p99.9 / max",
            $"{F(r.Latency.P50)} / {F(r.Latency.P90)} / {F(r.Latency.P99)} / {F(r.Latency.P999)} / {F(r.Latency.Max)}");
        table.AddRow("status codes", Markup.Escape(string.Join(", ", r.StatusCodes.Select(s => $"{s.Key}: {s.Value}"))));
        table.AddRow("problem types", Markup.Escape(string.Join(", ", r.ProblemTypes.Select(p => $"{p.Key.Replace("urn:publicvote:problem:", "", StringComparison.Ordinal)}: {p.Value}"))));
        table.AddRow("expected refusals", r.ExpectedRefusals.ToString(CultureInfo.InvariantCulture));
        table.AddRow("errors", r.ErrorCount > 0 ? $"[red]{r.ErrorCount}[/]" : "0");
        foreach (var error in r.Errors.Take(8))
        {
            table.AddRow("", $"[red]{Markup.Escape(error.Key)}: {error.Value}[/]");
        }
        table.AddRow("dropped by generator", r.DroppedByGenerator > 0 ? $"[red]{r.DroppedByGenerator}[/]" : "0");
        AnsiConsole.Write(table);
        var c = r.Correctness;
        AnsiConsole.MarkupLine(c.Passed ? $"[green]{Markup.Escape(c.Verdict)}[/]" : $"[bold red]{Markup.Escape(c.Verdict)}[/]");
        if (r.ErrorCount > 0)
        {
            AnsiConsole.MarkupLine($"[bold red]{r.ErrorCount} REQUESTS FAILED (see the error table)[/]");
        }
        AnsiConsole.MarkupLine($"report: {Markup.Escape(Path.Combine(folder, "report.html"))} (exit {r.ExitCode})");
    }

    private static string F(double d) => d.ToString("0.##", CultureInfo.InvariantCulture);
}
