using PublicVote.FraudEval;
using PublicVote.FraudEval.Replay;

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(EvalOptions.Usage);
    return 0;
}
EvalOptions options;
try
{
    options = EvalOptions.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"fraud-eval: {ex.Message}\n\n{EvalOptions.Usage}");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
var service = new List<ServiceSeed>();
var report = await EvalRunner.RunAsync(options, Console.WriteLine, cancel.Token, service);
Console.WriteLine();
Console.Write(report.ToConsole());
if (options.ReportPath is { } path)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    var markdown = service.Count > 0 ? ServiceReport.ToMarkdown(report, service, DateTimeOffset.UtcNow) : report.ToMarkdown(DateTimeOffset.UtcNow);
    await File.WriteAllTextAsync(path, markdown, cancel.Token);
    Console.WriteLine($"report: {path}");
}
return report.Targets.All(t => t.Met) ? 0 : 1;
