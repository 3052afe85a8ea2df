using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.WeChat;

/// <summary>
/// The API configured against a WeChat sandbox on a loopback port: the product's real WeChat client talks HTTP to
/// it. Both share one settable clock. Every log line the API writes is kept, so tests can prove secrets stay out.
/// </summary>
public sealed class WeChatFixture : IAsyncLifetime
{
    public const string AppId = "wx1234567890abcdef";
    public const string AppSecret = "sandbox-secret-9f8e7d6c";
    public const string PublicBaseUrl = "http://127.0.0.1:5080";

    public TestClock Clock { get; } = new(TestCampaigns.DefaultNow);

    public SandboxServer Sandbox { get; private set; } = null!;

    public SandboxedApi Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Sandbox = await SandboxServer.StartAsync(AppId, AppSecret, Clock);
        Api = new SandboxedApi(Sandbox.BaseUrl, Clock);
        await Api.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Api).DisposeAsync();
        await Sandbox.DisposeAsync();
    }

    public sealed class SandboxedApi : PublicVoteFactory
    {
        public SandboxedApi(Uri sandbox, TestClock clock)
            : base(settings => Configure(settings, sandbox))
        {
            Clock = clock;
        }

        public ConcurrentQueue<string> Logs { get; } = new();

        private static void Configure(Dictionary<string, string?> settings, Uri sandbox)
        {
            settings["WeChat:AppId"] = AppId;
            settings["WeChat:AppSecret"] = AppSecret;
            settings["WeChat:OAuthBaseUrl"] = sandbox.AbsoluteUri;
            settings["WeChat:ApiBaseUrl"] = sandbox.AbsoluteUri;
            settings["WeChat:PublicBaseUrl"] = PublicBaseUrl;
            settings["WeChat:RetryBaseDelay"] = "00:00:00.001";
            settings["WeChat:RefreshInBackground"] = "false";
            settings["Logging:LogLevel:Default"] = "Debug";
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Logs)));
        }
    }
}

/// <summary>Keeps every formatted log message (with its exception) in a queue.</summary>
public sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, sink);

    public void Dispose()
    {
    }

    private sealed class Capturing(string category, ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue($"{category}: {formatter(state, exception)} {exception}");
    }
}
