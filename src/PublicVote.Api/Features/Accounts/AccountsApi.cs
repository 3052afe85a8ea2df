using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using PublicVote.Api.Features.Audit;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Accounts;

/// <summary>Account management (admin only): create, list, disable/enable, reset password. Every write is audited.</summary>
public static class AccountsApi
{
    public static RouteGroupBuilder MapAccountAdmin(this RouteGroupBuilder admin)
    {
        var accounts = admin.MapGroup("/accounts").RequireRole(Roles.Admin);
        accounts.MapGet("", (AccountRepository repository) => repository.ListAsync());
        accounts.MapGet("/{accountId:long}", async Task<Results<Ok<AccountView>, ProblemHttpResult>> (long accountId, AccountRepository repository) =>
            await repository.LoadAsync(accountId) is { } loaded
                ? TypedResults.Ok(AccountRepository.ToView(loaded.Account, loaded.Grants))
                : AdminGuards.AccountNotFound());
        accounts.MapPost("", CreateAsync);
        accounts.MapPost("/{accountId:long}/disable", (long accountId, HttpContext http, NpgsqlDataSource db, AuditLog audit) =>
            SetStatusAsync(accountId, AccountStatus.Disabled, http, db, audit));
        accounts.MapPost("/{accountId:long}/enable", (long accountId, HttpContext http, NpgsqlDataSource db, AuditLog audit) =>
            SetStatusAsync(accountId, AccountStatus.Active, http, db, audit));
        accounts.MapPost("/{accountId:long}/password", ResetPasswordAsync);
        return admin;
    }

    private static Task<Results<Created<AccountView>, ProblemHttpResult>> CreateAsync(
        CreateAccountRequest request, HttpContext http, NpgsqlDataSource db, AuditLog audit)
    {
        if (!PasswordRules.IsValidUserName(request.UserName))
        {
            return Task.FromResult<Results<Created<AccountView>, ProblemHttpResult>>(
                Problems.Of(400, Problems.ValidationFailed, "The user name is not valid.", PasswordRules.UserNameRule));
        }
        if (PasswordRules.Check(request.UserName, request.Password) is { } weak)
        {
            return Task.FromResult<Results<Created<AccountView>, ProblemHttpResult>>(Problems.Of(400, Problems.WeakPassword, "The password is too weak.", weak));
        }
        var hash = AccountPasswords.Hash(request.Password);
        return AuditedWrite.RunAsync(db, async Task<Results<Created<AccountView>, ProblemHttpResult>> (connection, transaction) =>
        {
            var id = await connection.ExecuteScalarAsync<long?>("""
                INSERT INTO accounts (user_name, display_name, password_hash, security_stamp)
                VALUES (@UserName, @displayName, @hash, @stamp)
                ON CONFLICT DO NOTHING RETURNING id
                """, new { request.UserName, displayName = request.DisplayName ?? "", hash, stamp = Guid.NewGuid() }, transaction);
            if (id is null)
            {
                return Problems.Of(409, Problems.UserNameTaken, "That user name is taken.", "User names are unique regardless of case.");
            }
            var view = (await AccountRepository.ViewAsync(connection, transaction, id.Value))!;
            await audit.RecordAsync(connection, transaction, AuditActor.From(http), Entry("account.create", id.Value, null, view));
            return TypedResults.Created($"{AdminRoutes.Prefix}/accounts/{id}", view);
        });
    }

    private static Task<Results<Ok<AccountView>, ProblemHttpResult>> SetStatusAsync(
        long accountId, string status, HttpContext http, NpgsqlDataSource db, AuditLog audit) =>
        AuditedWrite.RunAsync(db, async Task<Results<Ok<AccountView>, ProblemHttpResult>> (connection, transaction) =>
        {
            if (await AccountRepository.GetAsync(connection, transaction, accountId, forUpdate: true) is null)
            {
                return AdminGuards.AccountNotFound();
            }
            var before = (await AccountRepository.ViewAsync(connection, transaction, accountId))!;
            if (before.Status == status)
            {
                return TypedResults.Ok(before);
            }
            if (status == AccountStatus.Disabled && await AdminGuards.KeepsAnAdminAsync(connection, transaction, accountId) is { } lastAdmin)
            {
                return lastAdmin;
            }
            // A new stamp on disable: re-enabling later does not revive the tokens issued before.
            await connection.ExecuteAsync(
                "UPDATE accounts SET status = @status, security_stamp = @stamp, updated_at = now() WHERE id = @accountId",
                new { accountId, status, stamp = Guid.NewGuid() }, transaction);
            var after = (await AccountRepository.ViewAsync(connection, transaction, accountId))!;
            await audit.RecordAsync(connection, transaction, AuditActor.From(http),
                Entry(status == AccountStatus.Disabled ? "account.disable" : "account.enable", accountId, before, after));
            return TypedResults.Ok(after);
        });

    private static Task<Results<NoContent, ProblemHttpResult>> ResetPasswordAsync(
        long accountId, ResetPasswordRequest request, HttpContext http, NpgsqlDataSource db, AuditLog audit) =>
        AuditedWrite.RunAsync(db, async Task<Results<NoContent, ProblemHttpResult>> (connection, transaction) =>
        {
            if (await AccountRepository.GetAsync(connection, transaction, accountId, forUpdate: true) is not { } account)
            {
                return AdminGuards.AccountNotFound();
            }
            if (PasswordRules.Check(account.UserName, request.Password) is { } weak)
            {
                return Problems.Of(400, Problems.WeakPassword, "The password is too weak.", weak);
            }
            await connection.ExecuteAsync(
                "UPDATE accounts SET password_hash = @hash, security_stamp = @stamp, updated_at = now() WHERE id = @accountId",
                new { accountId, hash = AccountPasswords.Hash(request.Password), stamp = Guid.NewGuid() }, transaction);
            await LoginThrottle.ClearAsync(connection, transaction, account.UserName);
            var view = (await AccountRepository.ViewAsync(connection, transaction, accountId))!;
            // The password itself is never recorded; the entry says that it changed and that older tokens stopped working.
            await audit.RecordAsync(connection, transaction, AuditActor.From(http),
                Entry("account.password-reset", accountId, view, new { view.Id, view.UserName, PasswordChanged = true, TokensRevoked = true }));
            return TypedResults.NoContent();
        });

    private static AuditEntry Entry(string action, long accountId, object? before, object? after) =>
        new(action, "account", accountId.ToString(CultureInfo.InvariantCulture), null, before, after);
}
