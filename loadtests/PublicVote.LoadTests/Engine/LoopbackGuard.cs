using System.Net;

namespace PublicVote.LoadTests.Engine;

/// <summary>Load only ever goes to this machine: every target (API, sandbox redirects, PostgreSQL) must be loopback.</summary>
public static class LoopbackGuard
{
    public static bool IsLoopbackHost(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>Parses an http(s) base URL and refuses anything that is not loopback.</summary>
    public static Uri RequireLoopback(string url, string what)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"{what} must be an absolute http(s) URL, not '{url}'.");
        }
        if (!IsLoopbackHost(uri.Host))
        {
            throw new ArgumentException($"{what} must be a loopback address (127.x.x.x, [::1], localhost), not '{uri.Host}': load is only ever sent to this machine.");
        }
        return uri;
    }
}
