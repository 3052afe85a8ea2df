using Microsoft.Extensions.Options;

namespace PublicVote.Api.Hosting.Web;

/// <summary>
/// The web pages (wwwroot: the citizens' H5 pages under <c>/h5/</c>, later the console and review pages) served from
/// memory with fingerprinted asset names, and the security headers (docs/h5.md).
/// </summary>
public static class StaticSiteSetup
{
    public static IServiceCollection AddStaticSite(this IServiceCollection services)
    {
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.ScriptSources.Concat(o.ImageSources).All(IsCspSource),
                "Web:ScriptSources and Web:ImageSources must be https origins (https://host[:port]).")
            .ValidateOnStart();
        services.AddSingleton(sp => AssetManifest.Build(sp.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider));
        return services;
    }

    /// <summary>Security headers on every response, then the site; the API's routes get what the site does not serve.</summary>
    public static IApplicationBuilder UseStaticSite(this IApplicationBuilder app)
    {
        // Build the manifest now: a broken site (e.g. an import cycle) fails the start, not the first visitor.
        _ = app.ApplicationServices.GetRequiredService<AssetManifest>();
        _ = app.ApplicationServices.GetRequiredService<IOptions<WebOptions>>().Value;
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<StaticSiteMiddleware>();
        return app;
    }

    private static bool IsCspSource(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme == "https" && uri.AbsolutePath == "/"
        && !source.EndsWith('/') && !source.Contains(';', StringComparison.Ordinal) && !source.Contains(' ', StringComparison.Ordinal);
}
