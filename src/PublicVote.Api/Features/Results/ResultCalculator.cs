using static PublicVote.Api.Features.Results.ResultNumbers;

namespace PublicVote.Api.Features.Results;

/// <summary>
/// Computes a result from its inputs (docs/results.md). Pure and deterministic: no clock, no I/O, decimals only,
/// fixed orders everywhere; <see cref="ResultRanking"/> orders lines and assigns awards.
/// </summary>
public static class ResultCalculator
{
    public static ResultTable Compute(ResultInputs inputs)
    {
        var publicVote = inputs.Sources.FirstOrDefault(s => s.Kind == "publicVote");
        var rubric = inputs.Sources.FirstOrDefault(s => s.Kind == "rubric");
        var entered = inputs.Sources.Where(s => s.Kind == "entered").ToArray();
        var rules = new ResultRules(
            inputs.Sources,
            publicVote is null ? "none" : publicVote.Normalisation ?? ResultSettings.TopRatio,
            rubric is null ? "none" : inputs.Rubric?.Aggregation ?? ResultSettings.Mean,
            inputs.Rubric?.Total,
            Rounding,
            ResultSettings.TieRule);
        var context = new Context(inputs, rules, publicVote, rubric, entered);
        var warnings = new List<string>();
        var categories = inputs.Categories.Select(c => ComputeCategory(context, c, warnings)).ToArray();
        var complete = categories.All(c => c.Lines.All(l => l.Missing.Count == 0));
        return new ResultTable(inputs.CampaignId, inputs.CampaignName, ResultInputsJson.Sha256(inputs), rules, categories, complete, warnings);
    }

    private static CategoryResult ComputeCategory(Context x, CategoryInput category, List<string> warnings)
    {
        var members = x.Inputs.Candidates.Where(c => c.CategoryId == category.Id).ToArray();
        var ranked = members.Where(c => c.Status == "active").ToArray();
        var votes = ranked.Select(c => x.Votes.GetValueOrDefault(c.Id)).ToArray();
        var top = votes.Length == 0 ? 0 : votes.Max();
        var voteRanks = CompetitionRanks(votes);
        var scored = new List<ResultRanking.Scored>();
        for (var i = 0; i < ranked.Length; i++)
        {
            scored.Add(Score(x, ranked[i], votes[i], top, voteRanks[i], ranked.Length));
        }
        var lines = ResultRanking.RankAndAward(x.Inputs, category, scored, top, x.Rules, warnings);
        foreach (var line in lines.Where(l => l.Missing.Count > 0))
        {
            var names = line.Missing.Select(code => x.Inputs.Sources.First(s => s.Code == code).Name);
            warnings.Add($"{category.Name} {line.Number} {line.Name}：缺少{string.Join("、", names)}的评分（按 0 计）");
        }
        var excluded = members.Where(c => c.Status != "active").Select(c => new ExcludedLine(
            c.Id, c.Number, c.Name, c.UnitName, c.DistrictId, c.Status,
            c.StatusReason ?? (c.Status == "withdrawn" ? "已退出评选" : "已取消评选资格"),
            x.Votes.GetValueOrDefault(c.Id))).ToArray();
        return new CategoryResult(category.Id, category.Code, category.Name, category.Kind, top, category.AwardQuota,
            lines.Count(l => l.Awarded), ResultRanking.DistrictSummary(x.Inputs, category, lines), lines, excluded);
    }

    private static ResultRanking.Scored Score(Context x, CandidateInput candidate, long votes, long top, int voteRank, int rankedCount)
    {
        var missing = new List<string>();
        decimal? voteScore = null;
        if (x.PublicVote is { } pv)
        {
            voteScore = x.Rules.VoteNormalisation == ResultSettings.Rank
                ? Round2(pv.Weight * (decimal)(rankedCount - voteRank + 1) / rankedCount)
                : top == 0 ? Round2(0) : Round2(votes * (decimal)pv.Weight / top);
        }
        var (aggregate, judges) = Aggregate(x.Sheets[candidate.Id].ToArray(), x.Rules.JudgeAggregation);
        decimal? judgeScore = null;
        if (x.Rubric is { } rubric)
        {
            judgeScore = aggregate is { } a ? Round2(a * rubric.Weight / x.Inputs.Rubric!.Total) : Round2(0);
            if (aggregate is null && rubric.Weight > 0)
            {
                missing.Add(rubric.Code);
            }
        }
        var entered = x.Entered.Select(source =>
        {
            var score = x.EnteredScores.TryGetValue((source.Code, candidate.Id), out var s) ? s : (decimal?)null;
            if (score is null && source.Weight > 0)
            {
                missing.Add(source.Code);
            }
            return new EnteredPart(source.Code, source.Name, source.Weight, score, Round2((score ?? 0) * source.Weight / 100));
        }).ToArray();
        var nonVote = (judgeScore ?? 0) + entered.Sum(e => e.Weighted);
        return new ResultRanking.Scored(candidate, votes, x.PublicVote is null ? null : voteRank, voteScore, judges, aggregate, judgeScore, entered,
            (voteScore ?? 0) + nonVote, nonVote, missing);
    }

    private sealed class Context(ResultInputs inputs, ResultRules rules, SourceInput? publicVote, SourceInput? rubric, SourceInput[] entered)
    {
        public ResultInputs Inputs { get; } = inputs;
        public ResultRules Rules { get; } = rules;
        public SourceInput? PublicVote { get; } = publicVote;
        public SourceInput? Rubric { get; } = rubric;
        public SourceInput[] Entered { get; } = entered;
        public Dictionary<long, long> Votes { get; } = inputs.Votes.ToDictionary(v => v.CandidateId, v => v.Votes);
        public ILookup<long, SheetInput> Sheets { get; } = inputs.Sheets.ToLookup(s => s.CandidateId);
        public Dictionary<(string, long), decimal> EnteredScores { get; } = inputs.Entered.ToDictionary(e => (e.SourceCode, e.CandidateId), e => e.Score);
    }
}
