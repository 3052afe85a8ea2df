using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace PublicVote.Api.Hosting;

public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Requests a voter may burst on the voter routes, refilled at <see cref="PerVoterPerSecond"/>.</summary>
    [Range(1, 1_000_000)]
    public int PerVoterBurst { get; set; } = 10;

    [Range(1, 1_000_000)]
    public int PerVoterPerSecond { get; set; } = 2;

    /// <summary>Per client IP (per node). Generous: mobile carriers put many citizens behind one address.</summary>
    [Range(1, 10_000_000)]
    public int PerIpBurst { get; set; } = 600;

    [Range(1, 10_000_000)]
    public int PerIpPerSecond { get; set; } = 300;

    /// <summary>How often the buckets refill; tests set a long period so that no refill happens mid-test.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Per-voter and per-IP token buckets on the voter routes (those carrying <see cref="Applies"/>); both must admit a
/// request. Rejections are a 429 ProblemDetails with Retry-After. Plugged into the framework's middleware as its
/// global limiter (<see cref="VoterRateLimiter"/>).
/// </summary>
public static class VoterRateLimiting
{
    public static readonly object Applies = new VoterRateLimitedMarker();

    public static IServiceCollection AddVoterRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<VoterRateLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>()
            .Configure<VoterRateLimiter>((limiter, voters) =>
            {
                limiter.GlobalLimiter = voters;
                limiter.OnRejected = WriteRejectionAsync;
            });
        return services;
    }

    internal static bool AppliesTo(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<VoterRateLimitedMarker>() is not null;

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            : 1;
        var http = rejected.HttpContext;
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        var problem = Problems.Of(429, Problems.RateLimited, "Too many requests; try again shortly.",
            $"Retry after {retryAfter} s.", new Dictionary<string, object?> { ["retryAfterSeconds"] = retryAfter });
        await problem.ExecuteAsync(http);
    }

    private sealed class VoterRateLimitedMarker;
}
