namespace PublicVote.Api.Features.Campaigns;

/// <summary>Checks the cached campaigns' <c>rules_version</c> every second and reloads the changed ones.</summary>
public sealed partial class CampaignRulesRefresher(
    CampaignRulesCache cache, ILogger<CampaignRulesRefresher> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await cache.RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRefreshFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing campaign rules failed; cached rules stay in use")]
    private partial void LogRefreshFailed(Exception exception);
}
