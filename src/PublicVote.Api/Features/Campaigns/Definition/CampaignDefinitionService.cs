using Microsoft.Extensions.Options;
using Npgsql;
using PublicVote.Api.Features.Voting;

namespace PublicVote.Api.Features.Campaigns.Definition;

/// <summary>
/// Imports a campaign definition into PostgreSQL (all of it in one transaction, or nothing) and exports a stored
/// campaign back; <c>Export(Import(x))</c> equals <c>x</c> in canonical form.
/// </summary>
public sealed class CampaignDefinitionService(NpgsqlDataSource dataSource, IOptions<VotingOptions> voting)
{
    /// <exception cref="InvalidDefinitionException">The file is invalid, or its slug is taken; every error is listed.</exception>
    public async Task<long> ImportAsync(string json, CancellationToken cancellationToken = default) =>
        await ImportAsync(CampaignDefinitionJson.Read(json), cancellationToken);

    public async Task<long> ImportAsync(CampaignDefinition definition, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await ImportAsync(connection, transaction, definition);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>Imports inside the caller's transaction (the demo seeder adds candidates in the same one).</summary>
    public async Task<long> ImportAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CampaignDefinition definition)
    {
        var errors = DefinitionValidator.Validate(definition);
        if (errors.Count > 0)
        {
            throw new InvalidDefinitionException(errors);
        }
        try
        {
            return await CampaignDefinitionWriter.InsertAsync(connection, transaction, definition, voting.Value.DefaultShardCount);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName == "campaigns_slug_key")
        {
            throw new InvalidDefinitionException([new("$.slug", $"a campaign with slug '{definition.Slug}' already exists")]);
        }
    }

    public async Task<CampaignDefinition?> ExportAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await CampaignDefinitionReader.LoadAsync(connection, campaignId);
    }
}
