using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using PublicVote.Api.Features.Audit;

namespace PublicVote.Api.Features.Accounts;

/// <summary>
/// Creates the first admin from <c>Admin:BootstrapUser</c> / <c>Admin:BootstrapPassword</c> at start, only while no
/// account exists (an advisory lock keeps nodes starting together from creating two). Weak or half-given settings stop
/// the host before this runs (<see cref="AdminOptionsValidator"/>).
/// </summary>
public sealed partial class AdminBootstrap(IOptions<AdminOptions> options, NpgsqlDataSource dataSource, AuditLog audit, ILogger<AdminBootstrap> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var admin = options.Value;
        if (admin.BootstrapUser.Length == 0)
        {
            return;
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('publicvote.admin-bootstrap'))", transaction: transaction);
        if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM accounts)", transaction: transaction))
        {
            LogSkipped();
            return;
        }
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO accounts (user_name, display_name, password_hash, security_stamp)
            VALUES (@user, 'bootstrap admin', @hash, @stamp) RETURNING id
            """, new { user = admin.BootstrapUser, hash = AccountPasswords.Hash(admin.BootstrapPassword), stamp = Guid.NewGuid() }, transaction);
        await connection.ExecuteAsync("INSERT INTO account_grants (account_id, role) VALUES (@id, 'admin')", new { id }, transaction);
        var view = await AccountRepository.ViewAsync(connection, transaction, id);
        await audit.RecordAsync(connection, transaction, AuditActor.System,
            new AuditEntry("account.bootstrap", "account", id.ToString(CultureInfo.InvariantCulture), null, null, view));
        await transaction.CommitAsync(cancellationToken);
        LogCreated(admin.BootstrapUser);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin bootstrap skipped: accounts exist already")]
    private partial void LogSkipped();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the first admin account {UserName} from Admin:BootstrapUser")]
    private partial void LogCreated(string userName);
}

/// <summary>Stops the host at start on a malformed token key or weak bootstrap settings, saying which and why (never the password).</summary>
public sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        var failures = new List<string>();
        if (options.TokenKey.Length > 0 && !FeatureSetup.IsKeyOfAtLeast32Bytes(options.TokenKey))
        {
            failures.Add("Admin:TokenKey must be base64 of at least 32 bytes.");
        }
        if (options.BootstrapProblem() is { } bootstrap)
        {
            failures.Add(bootstrap);
        }
        if (options.BootstrapUser.Length > 0 && options.TokenKey.Length == 0)
        {
            failures.Add("Admin:BootstrapUser is set but Admin:TokenKey is not: the admin could not sign in.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
