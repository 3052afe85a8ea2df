extern alias api;

using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace PublicVote.FraudEval.Replay;

/// <summary>
/// The real API (its <c>Program</c>, every feature and middleware) on real Kestrel at 127.0.0.1 on a port the OS
/// picks, with the replay's <see cref="VirtualClock"/> as its <see cref="TimeProvider"/>. The clock is swapped in this
/// process's service container, as the integration tests do: nothing in the product can reach it.
/// </summary>
internal sealed class ServiceHost(IReadOnlyDictionary<string, string?> settings, VirtualClock clock) : WebApplicationFactory<api::Program>
{
    public Uri BaseUrl { get; private set; } = null!;

    public void Start()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // The API's own folder (its wwwroot); WebApplicationFactory would look for it beside the solution file.
        builder.UseContentRoot(ApiFolder());
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
    }

    private static string ApiFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var api = Path.Combine(dir.FullName, "src", "PublicVote.Api");
            if (File.Exists(Path.Combine(dir.FullName, "PublicVote.sln")) && Directory.Exists(api))
            {
                return api;
            }
        }
        return AppContext.BaseDirectory;
    }
}
