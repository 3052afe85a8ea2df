using System.Net;
using Microsoft.Extensions.Options;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Accounts;

/// <summary>
/// Sign-in attempts per client address, per node. The per-name lockout (<see cref="LoginThrottle"/>) stops guessing
/// one account's password; this stops one address from spraying a common password over many names, which the
/// lockout would never see. Organizers sign in a few times a day, so a small budget costs them nothing.
/// </summary>
public sealed class LoginIpLimiter(IOptions<AdminOptions> options, TimeProvider time)
{
    private readonly TokenBuckets<IPAddress> _buckets = new(
        options.Value.LoginAttemptsPerIpBurst, options.Value.LoginAttemptsPerIpPerMinute, TimeSpan.FromMinutes(1), time);

    public bool TryTake(HttpContext http, out TimeSpan retryAfter) =>
        _buckets.TryTake(http.Connection.RemoteIpAddress ?? IPAddress.None, out retryAfter);
}
