using System.Globalization;
using PublicVote.LoadTests.Engine;
using Spectre.Console;

namespace PublicVote.LoadTests.Reporting;

/// <summary>Once a second while arrivals are injected: offered vs achieved rate, p99, errors, drops (a table on a terminal, a line every 5 s otherwise).</summary>
internal static class LiveProgress
{
    public static async Task<T> WatchAsync<T>(LoadRun run, ArrivalSchedule schedule, Task<T> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            var next = 5;
            while (await Task.WhenAny(work, Task.Delay(1000)) != work)
            {
                if (run.Runner.Elapsed.TotalSeconds >= next)
                {
                    next += 5;
                    var s = Snapshot(run, schedule);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"[{s.Second,4}s {s.Phase}] offered {s.Offered}/s achieved {s.Completed}/s p99 {s.P99Ms:0.0} ms errors {s.Errors} dropped {s.Dropped} in flight {s.InFlight} accepted votes {s.Accepted}"));
                }
            }
            return await work;
        }
        T result = default!;
        await AnsiConsole.Live(Render(Snapshot(run, schedule))).AutoClear(false).StartAsync(async ctx =>
        {
            while (await Task.WhenAny(work, Task.Delay(1000)) != work)
            {
                ctx.UpdateTarget(Render(Snapshot(run, schedule)));
            }
            result = await work;
            ctx.UpdateTarget(Render(Snapshot(run, schedule)));
        });
        return result;
    }

    private sealed record State(int Second, string Phase, double Target, long Offered, long Completed, double P99Ms, long Errors, long Dropped, long InFlight, int Accepted);

    private static State Snapshot(LoadRun run, ArrivalSchedule schedule)
    {
        var series = run.Recorder.Series;
        var elapsed = run.Runner.Elapsed;
        // The last whole second: the current one is still filling.
        var second = Math.Clamp((int)elapsed.TotalSeconds - 1, 0, series.Seconds - 1);
        var current = run.Runner.Current;
        return new State(second, schedule.Phases[current.Phase].Name, schedule.RateAt(elapsed), series.OfferedAt(second), series.CompletedAt(second),
            series.LatencyAt(second).ValueAtPercentile(99) / 1000.0, run.Recorder.Errors, run.Recorder.DroppedByGenerator, run.Runner.InFlight, run.Accepted.Count);
    }

    private static Table Render(State s)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("second", "phase", "target/s", "offered/s", "achieved/s", "p99 ms", "errors", "dropped", "in flight", "accepted votes");
        table.AddRow(s.Second.ToString(CultureInfo.InvariantCulture), Markup.Escape(s.Phase), s.Target.ToString("0", CultureInfo.InvariantCulture),
            s.Offered.ToString(CultureInfo.InvariantCulture), s.Completed.ToString(CultureInfo.InvariantCulture), s.P99Ms.ToString("0.0", CultureInfo.InvariantCulture),
            s.Errors > 0 ? $"[red]{s.Errors}[/]" : "0", s.Dropped > 0 ? $"[red]{s.Dropped}[/]" : "0",
            s.InFlight.ToString(CultureInfo.InvariantCulture), s.Accepted.ToString(CultureInfo.InvariantCulture));
        return table;
    }
}
