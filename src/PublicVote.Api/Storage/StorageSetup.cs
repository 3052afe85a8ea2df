using Microsoft.Extensions.Options;
using Npgsql;
using PublicVote.Api.Features.Campaigns;
using PublicVote.Api.Storage.Redis;
using PublicVote.Api.Storage.Sql;

namespace PublicVote.Api.Storage;

public static class StorageSetup
{
    /// <summary>One Redis multiplexer and one <see cref="NpgsqlDataSource"/>, the stores on top, and migrations at start.</summary>
    public static IServiceCollection AddPublicVoteStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        services.AddSingleton(sp => new RedisConnection(
            Required(configuration, "Redis"), sp.GetRequiredService<IOptions<RedisOptions>>(), sp.GetRequiredService<ILogger<RedisConnection>>()));
        services.AddSingleton(sp => new RedisKeys(sp.GetRequiredService<IOptions<RedisOptions>>().Value.KeyPrefix));
        services.AddSingleton(_ =>
        {
            var connection = new NpgsqlConnectionStringBuilder(Required(configuration, "Postgres"));
            if (!configuration.GetConnectionString("Postgres")!.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
            {
                connection.Timeout = 3; // fail fast when PostgreSQL is down; callers retry
            }
            return new NpgsqlDataSourceBuilder(connection.ConnectionString).Build();
        });
        services.AddSingleton<VoteStore>();
        services.AddSingleton<VoteStreamStore>();
        services.AddSingleton<VoteRepository>();
        services.AddSingleton<CampaignRepository>();
        services.AddSingleton<Migrator>();
        services.AddHostedService<MigrateOnStart>();
        return services;
    }

    private static string Required(IConfiguration configuration, string name) =>
        configuration.GetConnectionString(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"ConnectionStrings:{name} is not configured (see docs/configuration.md).");

    private sealed class MigrateOnStart(Migrator migrator, IOptions<DatabaseOptions> options) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (options.Value.MigrateOnStart)
            {
                await migrator.MigrateAsync(cancellationToken);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply pending migrations when the host starts (otherwise run the <c>migrate</c> command).</summary>
    public bool MigrateOnStart { get; set; } = true;
}
