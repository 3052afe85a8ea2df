using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace PublicVote.Api.Features.Audit;

public static class AuditedWrite
{
    /// <summary>
    /// Runs a write and its <see cref="AuditLog"/> entry in one transaction: commits unless the work answered with a
    /// problem, so a refused request leaves neither a change nor an audit entry behind.
    /// </summary>
    public static async Task<TResult> RunAsync<TResult>(NpgsqlDataSource dataSource, Func<NpgsqlConnection, NpgsqlTransaction, Task<TResult>> work)
        where TResult : IResult
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var result = await work(connection, transaction);
        if ((result is INestedHttpResult nested ? nested.Result : result) is not ProblemHttpResult)
        {
            await transaction.CommitAsync();
        }
        return result;
    }
}
