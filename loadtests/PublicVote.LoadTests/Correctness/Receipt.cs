using System.Globalization;

namespace PublicVote.LoadTests.Correctness;

/// <summary>A vote receipt <c>campaign-shard-ms-seq</c>: exactly the primary key of the vote's row in <c>votes</c>.</summary>
public readonly record struct Receipt(long CampaignId, int Shard, long StreamMs, long StreamSeq)
{
    public static bool TryParse(string? text, out Receipt receipt)
    {
        receipt = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        Span<Range> parts = stackalloc Range[5];
        var span = text.AsSpan();
        if (span.Split(parts, '-') != 4)
        {
            return false;
        }
        const NumberStyles digits = NumberStyles.None;
        if (long.TryParse(span[parts[0]], digits, CultureInfo.InvariantCulture, out var campaign)
            && int.TryParse(span[parts[1]], digits, CultureInfo.InvariantCulture, out var shard)
            && long.TryParse(span[parts[2]], digits, CultureInfo.InvariantCulture, out var ms)
            && long.TryParse(span[parts[3]], digits, CultureInfo.InvariantCulture, out var seq))
        {
            receipt = new Receipt(campaign, shard, ms, seq);
            return true;
        }
        return false;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{CampaignId}-{Shard}-{StreamMs}-{StreamSeq}");
}
