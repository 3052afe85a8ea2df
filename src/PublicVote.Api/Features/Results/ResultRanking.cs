namespace PublicVote.Api.Features.Results;

/// <summary>Orders a category's lines by the tie rule (<see cref="ResultSettings.TieRule"/>) and assigns awards top-down within the quotas.</summary>
public static class ResultRanking
{
    public sealed record Scored(
        CandidateInput Candidate, long Votes, int? VoteRank, decimal? VoteScore, IReadOnlyList<JudgeTotal> Judges,
        decimal? JudgeAggregate, decimal? JudgeScore, IReadOnlyList<EnteredPart> Entered, decimal Total, decimal NonVote,
        IReadOnlyList<string> Missing);

    public const string ByNonVote = "nonVoteScore";
    public const string ByVotes = "votes";
    public const string ByNumber = "number";

    public static IReadOnlyList<ResultLine> RankAndAward(
        ResultInputs inputs, CategoryInput category, IReadOnlyList<Scored> scored, long top, ResultRules rules, List<string> warnings)
    {
        var ordered = scored
            .OrderByDescending(s => s.Total)
            .ThenByDescending(s => s.NonVote)
            .ThenByDescending(s => s.Votes)
            .ThenBy(s => s.Candidate.Number.Length)
            .ThenBy(s => s.Candidate.Number, StringComparer.Ordinal)
            .ToArray();
        var districts = inputs.Districts.ToDictionary(d => d.Id);
        var quotas = inputs.DistrictQuotas.Where(q => q.CategoryId == category.Id).ToDictionary(q => q.DistrictId, q => q.Award);
        var awards = new Awards(category, quotas, districts);
        var lines = new List<ResultLine>();
        for (var i = 0; i < ordered.Length; i++)
        {
            var s = ordered[i];
            var rank = i + 1;
            var tied = ordered.Where(o => o.Total == s.Total && o != s).Select(o => o.Candidate.Number).ToArray();
            string? brokenBy = null;
            if (tied.Length > 0)
            {
                var neighbour = i > 0 && ordered[i - 1].Total == s.Total ? ordered[i - 1] : ordered[i + 1];
                brokenBy = s.NonVote != neighbour.NonVote ? ByNonVote : s.Votes != neighbour.Votes ? ByVotes : ByNumber;
                if (brokenBy == ByNumber)
                {
                    warnings.Add($"{category.Name} {s.Candidate.Number} {s.Candidate.Name}：与 {string.Join("、", tied)} 总分、非投票得分和票数都相同，名次只按编号排定，请评选领导小组确认");
                }
            }
            var (awarded, reason) = awards.Decide(s.Candidate, rank);
            var district = s.Candidate.DistrictId is { } d && districts.TryGetValue(d, out var found) ? found.Name : null;
            var line = new ResultLine(
                s.Candidate.Id, s.Candidate.Number, s.Candidate.Name, s.Candidate.UnitName, s.Candidate.DistrictId, district,
                s.Votes, s.VoteRank, s.VoteScore, s.Judges, s.JudgeAggregate, s.JudgeScore, s.Entered, s.Total, rank,
                tied, brokenBy, awarded, reason, s.Missing, "");
            lines.Add(line with { Explanation = ResultWording.Explain(line, rules, top, scored.Count) });
        }
        return lines;
    }

    public static IReadOnlyList<DistrictAwards> DistrictSummary(ResultInputs inputs, CategoryInput category, IReadOnlyList<ResultLine> lines) =>
        inputs.DistrictQuotas.Where(q => q.CategoryId == category.Id)
            .Join(inputs.Districts, q => q.DistrictId, d => d.Id, (q, d) => (Quota: q, District: d))
            .Select(x =>
            {
                var awarded = lines.Count(l => l.Awarded && l.DistrictId == x.District.Id);
                return new DistrictAwards(x.District.Id, x.District.Name, x.Quota.Award, awarded, x.Quota.Award - awarded);
            })
            .ToArray();

    /// <summary>
    /// Walks the ranking top-down: a line is awarded while the category has places left and its district (when the
    /// category has district quotas) has places left. A district's unused places stay unused.
    /// </summary>
    private sealed class Awards(CategoryInput category, Dictionary<long, int> districtQuotas, Dictionary<long, DistrictInput> districts)
    {
        private readonly Dictionary<long, List<int>> _takenBy = [];
        private int _awarded;

        public (bool Awarded, string? Reason) Decide(CandidateInput candidate, int rank)
        {
            if (category.AwardQuota is null && districtQuotas.Count == 0)
            {
                return (false, "本类别未设表彰名额");
            }
            if (category.AwardQuota is { } quota && _awarded >= quota)
            {
                return (false, $"本类别表彰名额 {quota} 个已满");
            }
            if (districtQuotas.Count > 0)
            {
                if (candidate.DistrictId is not { } district)
                {
                    return (false, "未属任何推荐单位，名额分配表中没有其表彰名额");
                }
                var name = districts.TryGetValue(district, out var d) ? d.Name : "其推荐单位";
                if (!districtQuotas.TryGetValue(district, out var places) || places == 0)
                {
                    return (false, $"{name}在本类别没有表彰名额");
                }
                var taken = _takenBy.TryGetValue(district, out var list) ? list : _takenBy[district] = [];
                if (taken.Count >= places)
                {
                    return (false, $"{name}表彰名额 {places} 个已由本类第 {string.Join("、", taken)} 名占用（名额不调剂给其他推荐单位）");
                }
                taken.Add(rank);
            }
            _awarded++;
            return (true, null);
        }
    }
}
