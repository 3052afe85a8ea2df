using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Accounts;

/// <summary>Refusals by the authorization middleware become ProblemDetails with stable types: 401 not signed in, 403 wrong role.</summary>
public sealed class AdminAuthorizationResults(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Challenged && !authorizeResult.Forbidden)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        var problem = authorizeResult.Challenged
            ? new ProblemDetails
            {
                Status = 401,
                Type = Problems.AdminLoginRequired,
                Title = "Sign in first.",
                Detail = "Send Authorization: Bearer <token> from POST /api/admin/login, or its cookie. A token stops working when it expires, the account is disabled or its password is reset.",
            }
            : new ProblemDetails
            {
                Status = 403,
                Type = Problems.AdminRoleRequired,
                Title = "Your account lacks the role this needs.",
                Detail = "An admin can grant it (per campaign for organizer, judge and reviewer).",
            };
        context.Response.StatusCode = problem.Status!.Value;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
