using Microsoft.Extensions.Options;

namespace PublicVote.Api.Features.Voting;

/// <summary>
/// Reads the voter session from <c>Authorization: Bearer</c> or the session cookie, once per request
/// (the rate limiter and the handler both need it).
/// </summary>
public sealed class VoterSessionReader(VoterSessionTokens tokens, IOptions<VotingOptions> options)
{
    private static readonly object ItemKey = new();

    public (SessionError Error, VoterSession? Session) Read(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var cached))
        {
            return ((SessionError, VoterSession?))cached!;
        }
        var error = tokens.TryVerify(TokenOf(context), out var session);
        context.Items[ItemKey] = (error, session);
        return (error, session);
    }

    private string? TokenOf(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }
        return context.Request.Cookies[options.Value.SessionCookieName];
    }
}
