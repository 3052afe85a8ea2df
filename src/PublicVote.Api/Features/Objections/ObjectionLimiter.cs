using System.Net;
using Microsoft.Extensions.Options;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Objections;

/// <summary>Token buckets for the objection form: one per client IP, one per candidate (<see cref="TokenBuckets{TKey}"/>).</summary>
public sealed class ObjectionLimiter(IOptions<ObjectionOptions> options, TimeProvider time)
{
    private readonly TokenBuckets<IPAddress> _byClient = new(
        options.Value.PerIpBurst, options.Value.PerIpPerPeriod, options.Value.PerIpPeriod, time);

    private readonly TokenBuckets<long> _byCandidate = new(
        options.Value.PerCandidateBurst, options.Value.PerCandidatePerPeriod, options.Value.PerCandidatePeriod, time);

    public bool TryClient(IPAddress? client, out TimeSpan retryAfter) => _byClient.TryTake(client ?? IPAddress.None, out retryAfter);

    public bool TryCandidate(long candidateId, out TimeSpan retryAfter) => _byCandidate.TryTake(candidateId, out retryAfter);
}
