using System.Text.Json;

namespace PublicVote.LoadTests.Reporting;

/// <summary>Writes report.md (+ its two SVGs), report.html (SVGs inline) and summary.json into the results folder.</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string DefaultFolder(string repoRoot, RunReport report) =>
        Path.Combine(repoRoot, "loadtests", "results", $"{report.StartedAtUtc:yyyyMMdd-HHmmss}Z-{report.Scenario}");

    public static async Task WriteAsync(string folder, RunReport report)
    {
        Directory.CreateDirectory(folder);
        var blocks = ReportDocument.Build(report);
        await File.WriteAllTextAsync(Path.Combine(folder, "report.md"), ReportRenderers.Markdown(blocks));
        await File.WriteAllTextAsync(Path.Combine(folder, "report.html"), ReportRenderers.Html(blocks));
        foreach (var chart in blocks.OfType<Chart>())
        {
            await File.WriteAllTextAsync(Path.Combine(folder, chart.File), chart.Svg);
        }
        await File.WriteAllTextAsync(Path.Combine(folder, "summary.json"), JsonSerializer.Serialize(report, Json));
    }
}
