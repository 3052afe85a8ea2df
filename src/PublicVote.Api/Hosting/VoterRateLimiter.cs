using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using PublicVote.Api.Features.Voting;

namespace PublicVote.Api.Hosting;

/// <summary>
/// The voter routes' limiter: a bucket per voter (requests without a valid session are refused by the handler
/// anyway, so only their IP's bucket counts them), then a bucket per client IP. No queueing: a request is
/// admitted or refused at once.
/// </summary>
public sealed class VoterRateLimiter(VoterSessionReader sessions, IOptions<RateLimitingOptions> options, TimeProvider time)
    : PartitionedRateLimiter<HttpContext>
{
    private static readonly IPAddress UnknownIp = IPAddress.None;

    private readonly TokenBuckets<string> _byVoter = new(
        options.Value.PerVoterBurst, options.Value.PerVoterPerSecond, options.Value.ReplenishmentPeriod, time);

    private readonly TokenBuckets<IPAddress> _byIp = new(
        options.Value.PerIpBurst, options.Value.PerIpPerSecond, options.Value.ReplenishmentPeriod, time);

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        if (permitCount == 0 || !VoterRateLimiting.AppliesTo(resource))
        {
            return Lease.Admitted;
        }
        var (_, session) = sessions.Read(resource);
        if (session is not null && !_byVoter.TryTake(session.OpenId, out var wait))
        {
            return new Lease(wait);
        }
        return _byIp.TryTake(resource.Connection.RemoteIpAddress ?? UnknownIp, out wait) ? Lease.Admitted : new Lease(wait);
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    private sealed class Lease : RateLimitLease
    {
        public static readonly Lease Admitted = new(null);

        private readonly TimeSpan? _retryAfter;

        public Lease(TimeSpan? retryAfter)
        {
            _retryAfter = retryAfter;
        }

        public override bool IsAcquired => _retryAfter is null;

        public override IEnumerable<string> MetadataNames => _retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = _retryAfter;
            return _retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
