using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Objections;

/// <summary>
/// The API with the objection buckets out of the way (or tight, in <see cref="TightObjectionFactory"/>), every log
/// line captured at Trace, and the client IP taken from a test header so that tests can be several clients.
/// </summary>
public class ObjectionFactory : PublicVoteFactory
{
    public const string ClientIpHeader = "X-Test-Client-Ip";

    public ObjectionFactory()
        : this(s =>
        {
            s["Objections:PerIpBurst"] = "100000";
            s["Objections:PerCandidateBurst"] = "100000";
        })
    {
    }

    protected ObjectionFactory(Action<Dictionary<string, string?>> configure)
        : base(s =>
        {
            s["Logging:LogLevel:Default"] = "Trace";
            s["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace";
            configure(s);
        })
    {
    }

    public ConcurrentQueue<string> LogLines { get; } = new();

    public HttpClient ClientFrom(string ip)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(ClientIpHeader, ip);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingProvider(LogLines)));
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, ClientIpFromHeader>());
    }

    private sealed class ClientIpFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(ClientIpHeader, out var ip))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(ip.ToString());
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Capturing(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}

public sealed class TightObjectionFactory : ObjectionFactory
{
    public TightObjectionFactory()
        : base(s =>
        {
            s["Objections:PerIpBurst"] = "3";
            s["Objections:PerIpPeriod"] = "1.00:00:00";
            s["Objections:PerCandidateBurst"] = "2";
            s["Objections:PerCandidatePeriod"] = "1.00:00:00";
        })
    {
    }
}
