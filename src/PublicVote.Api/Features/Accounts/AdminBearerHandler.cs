using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace PublicVote.Api.Features.Accounts;

/// <summary>Authenticates scripts by <c>Authorization: Bearer &lt;admin token&gt;</c> (see <see cref="AdminTokens"/>).</summary>
public sealed class AdminBearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AdminTokens tokens, AdminPrincipals principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        if (tokens.Verify(header["Bearer ".Length..].Trim()) is not { } token)
        {
            return AuthenticateResult.Fail("The admin token is not valid or has expired.");
        }
        return await principals.LoadAsync(token, Scheme.Name) is { } principal
            ? AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name))
            : AuthenticateResult.Fail("The account is disabled or its password changed since the token was issued.");
    }
}
