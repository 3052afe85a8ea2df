using PublicVote.WeChatSandbox.State;
using PublicVote.WeChatSandbox.Wire;

namespace PublicVote.WeChatSandbox.Control;

/// <summary>Counts every call to a WeChat path and applies the next queued fault for it, if any.</summary>
public static class FaultMiddleware
{
    public static IApplicationBuilder UseWeChatFaults(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (WeChatPaths.Canonical(http.Request.Path) is not { } path)
        {
            await next(http);
            return;
        }
        var services = http.RequestServices;
        services.GetRequiredService<CallCounter>().Count(path);
        if (services.GetRequiredService<FaultStore>().Take(path) is { } fault)
        {
            if (fault.DelayMs > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(fault.DelayMs), services.GetRequiredService<TimeProvider>(), http.RequestAborted);
            }
            if (fault.Errcode != 0)
            {
                await WeChatResult.Error(fault.Errcode).ExecuteAsync(http);
                return;
            }
        }
        await next(http);
    });
}
