using Microsoft.Extensions.Options;

namespace PublicVote.Api.Background;

/// <summary>How many flusher rounds in a row have failed (PostgreSQL or Redis down); tests watch it.</summary>
public sealed class FlusherStatus
{
    private long _consecutiveFailures;

    public long ConsecutiveFailures => Interlocked.Read(ref _consecutiveFailures);

    internal void Succeeded()
    {
        Interlocked.Exchange(ref _consecutiveFailures, 0);
    }

    internal void Failed()
    {
        Interlocked.Increment(ref _consecutiveFailures);
    }
}

/// <summary>Runs <see cref="VoteFlusher"/> in a loop; a failed round (PostgreSQL or Redis down) is retried with backoff.</summary>
public sealed partial class VoteFlusherService(
    VoteFlusher flusher, FlusherStatus status, IOptions<FlusherOptions> options, TimeProvider time, ILogger<VoteFlusherService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan pause;
            try
            {
                var moved = await flusher.FlushAllAsync(stoppingToken);
                status.Succeeded();
                pause = moved == 0 ? o.IdleDelay : TimeSpan.Zero;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                status.Failed();
                var failures = (int)Math.Min(status.ConsecutiveFailures, 16);
                pause = TimeSpan.FromTicks(Math.Min(o.MaxRetryDelay.Ticks, o.RetryDelay.Ticks << (failures - 1)));
                LogRoundFailed(ex, failures, pause.TotalMilliseconds);
            }
            if (pause > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(pause, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Flush round failed ({Failures} in a row); nothing acknowledged, retrying in {DelayMs} ms")]
    private partial void LogRoundFailed(Exception exception, int failures, double delayMs);
}
