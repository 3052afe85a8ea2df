using Microsoft.Extensions.Options;

namespace PublicVote.Api.Features.Media;

/// <summary>Runs <see cref="MediaSweeper"/> every <see cref="MediaSweepOptions.Interval"/>; a failed sweep is logged and the next one tries again.</summary>
public sealed partial class MediaSweepService(
    MediaSweeper sweeper, IOptions<MediaSweepOptions> options, TimeProvider time, ILogger<MediaSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(o.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await sweeper.SweepAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogSweepFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // the host is stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Media sweep failed; the next one tries again")]
    private partial void LogSweepFailed(Exception exception);
}
