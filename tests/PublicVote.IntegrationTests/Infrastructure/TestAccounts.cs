using System.Net.Http.Headers;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.Api.Features.Accounts;

namespace PublicVote.IntegrationTests.Infrastructure;

public sealed record TestAccount(long Id, string UserName, string Password);

/// <summary>Organizer accounts written straight to PostgreSQL (the account API itself is tested elsewhere).</summary>
public sealed class TestAccounts(PublicVoteFactory factory)
{
    public const string Password = "correct-horse-battery-staple";

    public async Task<TestAccount> CreateAsync(params (string Role, long? CampaignId)[] grants)
    {
        var userName = "u-" + Guid.NewGuid().ToString("N")[..12];
        await using var db = await factory.Db.OpenConnectionAsync();
        var id = await db.ExecuteScalarAsync<long>("""
            INSERT INTO accounts (user_name, password_hash, security_stamp) VALUES (@userName, @hash, @stamp) RETURNING id
            """, new { userName, hash = AccountPasswords.Hash(Password), stamp = Guid.NewGuid() });
        foreach (var (role, campaignId) in grants)
        {
            await db.ExecuteAsync("INSERT INTO account_grants (account_id, role, campaign_id) VALUES (@id, @role, @campaignId)",
                new { id, role, campaignId });
        }
        return new TestAccount(id, userName, Password);
    }

    /// <summary>A bearer token for the account as it is now (the same token login would give).</summary>
    public async Task<string> TokenAsync(long accountId)
    {
        await using var db = await factory.Db.OpenConnectionAsync();
        var stamp = await db.ExecuteScalarAsync<Guid>("SELECT security_stamp FROM accounts WHERE id = @accountId", new { accountId });
        return factory.Services.GetRequiredService<AdminTokens>().Issue(accountId, stamp).Token;
    }

    public async Task<HttpClient> ClientAsync(string role, long? campaignId = null)
    {
        var account = await CreateAsync((role, role == Roles.Admin ? null : campaignId));
        return BearerClient(await TokenAsync(account.Id));
    }

    public HttpClient BearerClient(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
