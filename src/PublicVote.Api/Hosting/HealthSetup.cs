using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using PublicVote.Api.Storage.Redis;

namespace PublicVote.Api.Hosting;

/// <summary><c>/healthz</c>: the process is up. <c>/readyz</c>: Redis and PostgreSQL answer.</summary>
public static class HealthSetup
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddPublicVoteHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<RedisHealthCheck>("redis", tags: [ReadyTag])
            .AddCheck<PostgresHealthCheck>("postgres", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapPublicVoteHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }

    private sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await redis.PingAsync();
                return HealthCheckResult.Healthy();
            }
            catch (RedisUnavailableException ex)
            {
                return HealthCheckResult.Unhealthy("Redis is unreachable.", ex);
            }
        }
    }

    private sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var command = dataSource.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (NpgsqlException ex)
            {
                return HealthCheckResult.Unhealthy("PostgreSQL is unreachable.", ex);
            }
        }
    }
}
