using Microsoft.Extensions.Options;

namespace PublicVote.Api.Features.WeChat;

/// <summary>
/// Keeps the shared global token and jsapi ticket fresh ahead of their expiry, so no page waits for WeChat. Every node
/// runs it; the Redis lock in <see cref="WeChatCredentials"/> lets only one of them fetch.
/// </summary>
public sealed partial class WeChatCredentialRefresher(
    WeChatCredentials credentials, IOptions<WeChatOptions> options, ILogger<WeChatCredentialRefresher> logger) : BackgroundService
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsConfigured() || !options.Value.RefreshInBackground)
        {
            return;
        }
        using var timer = new PeriodicTimer(CheckEvery);
        do
        {
            try
            {
                var ticket = await credentials.JsApiTicketAsync(stoppingToken);
                if (ticket.Error is { } error)
                {
                    LogRefreshFailed(error.ToString());
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRefreshCrashed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "WeChat credential refresh failed: {Error}; retrying in a minute")]
    private partial void LogRefreshFailed(string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "WeChat credential refresh crashed; retrying in a minute")]
    private partial void LogRefreshCrashed(Exception ex);
}
