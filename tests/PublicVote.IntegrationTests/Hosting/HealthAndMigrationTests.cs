using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.Api.Storage.Sql;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Hosting;

public sealed class HealthAndMigrationTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Fact]
    public async Task HealthzAndReadyzAnswerWhenRedisAndPostgresAreUp()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        var ready = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MigrationsRanAtStartAndRunningThemAgainIsANoOp()
    {
        var migrator = factory.Services.GetRequiredService<Migrator>();
        Assert.Equal(0, await migrator.MigrateAsync());
        await using var db = await factory.Db.OpenConnectionAsync();
        var recorded = (await db.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).ToArray();
        Assert.Equal(Migrator.Available.Select(m => m.Version), recorded);
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM information_schema.tables WHERE table_name = 'vote_totals'"));
    }

    [Fact]
    public async Task ChangingACandidateBumpsTheCampaignRulesVersion()
    {
        var campaign = await factory.CreateCampaignAsync();
        await using var db = await factory.Db.OpenConnectionAsync();
        var before = await db.ExecuteScalarAsync<long>("SELECT rules_version FROM campaigns WHERE id = @Id", new { campaign.Id });
        await db.ExecuteAsync("UPDATE candidates SET status = 'withdrawn' WHERE id = @id", new { id = campaign.CandidateIds[0] });
        await db.ExecuteAsync("DELETE FROM candidates WHERE id = @id", new { id = campaign.CandidateIds[1] });
        var after = await db.ExecuteScalarAsync<long>("SELECT rules_version FROM campaigns WHERE id = @Id", new { campaign.Id });
        Assert.Equal(before + 2, after);
    }
}
