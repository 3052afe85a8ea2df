using PublicVote.FraudEval;

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
var report = await EvalRunner.RunAsync(options, Console.WriteLine, cancel.Token);
Console.WriteLine();
Console.Write(report.ToConsole());
if (options.ReportPath is { } path)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    await File.WriteAllTextAsync(path, report.ToMarkdown(DateTimeOffset.UtcNow), cancel.Token);
    Console.WriteLine($"report: {path}");
}
return report.Targets.All(t => t.Met) ? 0 : 1;
