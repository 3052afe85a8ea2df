using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using PublicVote.Api.Storage.Redis;

namespace PublicVote.Api.Hosting;

public static partial class ProblemDetailsSetup
{
    /// <summary>Every error is a ProblemDetails with a stable <c>type</c> and a <c>traceId</c>.</summary>
    public static IServiceCollection AddPublicVoteProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem.Type is null || !problem.Type.StartsWith(Problems.TypePrefix, StringComparison.Ordinal))
            {
                problem.Type = Problems.ForStatus(problem.Status ?? 500, problem is HttpValidationProblemDetails);
            }
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<StoreUnavailableHandler>();
        return services;
    }

    /// <summary>Redis or PostgreSQL out of reach: a fast 503 the client may retry (with the same Idempotency-Key).</summary>
    private sealed partial class StoreUnavailableHandler(IProblemDetailsService problems, ILogger<StoreUnavailableHandler> logger)
        : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
        {
            var store = exception switch
            {
                RedisUnavailableException => "Redis",
                // Only transient failures (refused, timeout, broken connection) mean "unavailable"; a server-side
                // error is a bug, answered 500, and its message (which may hold row values) is not logged here.
                NpgsqlException { IsTransient: true } => "PostgreSQL",
                _ => null,
            };
            if (store is null)
            {
                return false;
            }
            // The inner message names the failure (timeout, refused, socket) and the endpoint, never credentials.
            LogUnavailable(store, (exception.InnerException ?? exception).Message);
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = "1";
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                Exception = exception,
                ProblemDetails = new ProblemDetails
                {
                    Status = 503,
                    Type = Problems.ServiceUnavailable,
                    Title = "The service is busy; please try again in a moment.",
                    Extensions = { ["retryAfterSeconds"] = 1 },
                },
            });
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "{Store} unavailable: {Error}; answered 503")]
        private partial void LogUnavailable(string store, string error);
    }
}
