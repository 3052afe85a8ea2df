using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Accounts;

/// <summary>
/// A write authenticated by the login cookie must carry the antiforgery request token in <c>X-CSRF-TOKEN</c>
/// (from <c>GET /api/admin/antiforgery</c>). Bearer-token calls are exempt: another site cannot make a browser send them.
/// So are the anonymous routes (login, logout): login's credentials are in its body, and a forged logout only signs out.
/// </summary>
public sealed class AdminAntiforgeryFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var method = http.Request.Method;
        var isWrite = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));
        if (isWrite && http.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null && http.User.Identity is { IsAuthenticated: true, AuthenticationType: AdminAuth.CookieScheme }
            && !await antiforgery.IsRequestValidAsync(http))
        {
            return Problems.Of(400, Problems.AntiforgeryTokenInvalid, "The antiforgery token is missing or invalid.",
                $"Browser writes send the token from GET /api/admin/antiforgery in the {AdminAuth.AntiforgeryHeader} header.");
        }
        return await next(context);
    }
}
