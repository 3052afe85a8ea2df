using System.Globalization;

namespace PublicVote.Api.Features.AntiFraud.Cases;

/// <summary>A vote's receipt <c>campaign-shard-streamMs-streamSeq</c>: exactly the primary key of its row in <c>votes</c>.</summary>
public readonly record struct Receipt(long CampaignId, int Shard, long StreamMs, long StreamSeq)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{CampaignId}-{Shard}-{StreamMs}-{StreamSeq}");

    public static bool TryParse(string? text, out Receipt receipt)
    {
        receipt = default;
        var parts = text?.Split('-');
        if (parts is not { Length: 4 }
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var campaign)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var shard)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            return false;
        }
        receipt = new Receipt(campaign, shard, ms, seq);
        return true;
    }

    /// <summary>The parsed receipts of one campaign, as the column arrays SQL takes (<c>unnest(@shards, @ms, @seqs)</c>).</summary>
    public static (int[] Shards, long[] Ms, long[] Seqs) Columns(IEnumerable<Receipt> receipts)
    {
        var list = receipts.ToList();
        return (list.Select(r => r.Shard).ToArray(), list.Select(r => r.StreamMs).ToArray(), list.Select(r => r.StreamSeq).ToArray());
    }
}
