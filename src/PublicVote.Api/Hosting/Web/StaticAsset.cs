namespace PublicVote.Api.Hosting.Web;

/// <summary>
/// One file of the site, ready to send: its final bytes (references rewritten to fingerprinted names), the
/// precompressed variants that are smaller, its ETag and whether its URL is fingerprinted (cacheable forever).
/// </summary>
public sealed record StaticAsset(
    string ContentType, byte[] Body, byte[]? Brotli, byte[]? Gzip, string ETag, bool Immutable)
{
    public bool IsCompressed => Brotli is not null || Gzip is not null;
}
