using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Organizers;

/// <summary>Admits a request only with the configured organizer key in <c>X-Api-Key</c> (compared in constant time).</summary>
public sealed class OrganizerKeyFilter(IOptions<OrganizerOptions> options) : IEndpointFilter
{
    public const string Header = "X-Api-Key";
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.ApiKey));
    private readonly bool _configured = options.Value.ApiKey.Length > 0;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var given = context.HttpContext.Request.Headers[Header].ToString();
        var givenHash = SHA256.HashData(Encoding.UTF8.GetBytes(given));
        if (!_configured || given.Length == 0 || !CryptographicOperations.FixedTimeEquals(givenHash, _expected))
        {
            return Problems.Of(401, Problems.OrganizerKeyRequired, "A valid organizer key is required.",
                $"Send it in the {Header} header.");
        }
        return await next(context);
    }
}
