using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PublicVote.WeChatSandbox.Apis;
using PublicVote.WeChatSandbox.Control;
using PublicVote.WeChatSandbox.OAuth;
using PublicVote.WeChatSandbox.State;

namespace PublicVote.WeChatSandbox;

/// <summary>Builds the sandbox host; used by Program and, in-process, by tests and tools.</summary>
public static partial class SandboxApp
{
    public const string DefaultUrl = "http://127.0.0.1:5081";

    /// <param name="args">Command-line configuration, e.g. <c>--Sandbox:AppSecret=…</c>, <c>--urls=…</c>.</param>
    /// <param name="configureServices">Runs last: tests replace <see cref="TimeProvider"/> here.</param>
    public static WebApplication Create(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(SandboxApp).Assembly.GetName().Name,
        });
        ListenOnLoopbackOnly(builder);
        // Request lines and redirects carry secrets, codes and tokens in their URLs: keep them out of the logs.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var services = builder.Services;
        services.AddProblemDetails();
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CodeStore>();
        services.AddSingleton<WebTokenStore>();
        services.AddSingleton<GlobalTokenStore>();
        services.AddSingleton<TicketStore>();
        services.AddSingleton<FaultStore>();
        services.AddSingleton<CallCounter>();
        configureServices?.Invoke(services);

        var app = builder.Build();
        app.UseStatusCodePages();
        app.UseWeChatFaults();
        app.MapOAuth();
        app.MapSns();
        app.MapTokens();
        app.MapControl();
        app.Lifetime.ApplicationStarted.Register(() => LogStarted(
            app.Logger, app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value.AppId, string.Join(", ", app.Urls)));
        return app;
    }

    // It hands out sign-ins for any openid to whoever asks: it must never be reachable from another machine.
    private static void ListenOnLoopbackOnly(WebApplicationBuilder builder)
    {
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        if (string.IsNullOrWhiteSpace(urls))
        {
            builder.WebHost.UseUrls(DefaultUrl);
            return;
        }
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsLoopback)
            {
                throw new InvalidOperationException(
                    $"The WeChat sandbox listens on loopback only (127.0.0.1, [::1] or localhost); refusing --urls {url}.");
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "WeChat sandbox for AppID {AppId} listening on {Urls}. Development only: never deploy it.")]
    private static partial void LogStarted(ILogger logger, string appId, string urls);
}
