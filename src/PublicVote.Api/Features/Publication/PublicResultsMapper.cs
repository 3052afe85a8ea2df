using PublicVote.Api.Features.Results;

namespace PublicVote.Api.Features.Publication;

/// <summary>What the public sees of a result: per category the ranked lines (not the excluded ones), no judges or explanations.</summary>
public static class PublicResultsMapper
{
    public static PublicResults ToPublic(ResultTable table, PublicationView view, IReadOnlyDictionary<long, string> thumbs) =>
        new(view.CampaignId, view.Stage, view.Version, view.PublishedAt, Categories(table, thumbs));

    public static IReadOnlyList<PublicCategory> Categories(ResultTable table, IReadOnlyDictionary<long, string> thumbs) =>
        table.Categories.Select(c => new PublicCategory(c.CategoryId, c.Name, c.Lines.Select(l => new PublicEntry(
            l.CandidateId, l.Number, l.Name, l.UnitName, l.DistrictId, l.Total, l.Rank, l.Awarded, thumbs.GetValueOrDefault(l.CandidateId))).ToArray())).ToArray();

    /// <summary>Whether two results show the public the same thing (who, total, rank, awarded).</summary>
    public static bool SameForThePublic(ResultTable a, ResultTable b)
    {
        var none = new Dictionary<long, string>();
        var left = Categories(a, none);
        var right = Categories(b, none);
        return left.Count == right.Count && left.Zip(right).All(p =>
            p.First.CategoryId == p.Second.CategoryId && p.First.Entries.SequenceEqual(p.Second.Entries));
    }
}
