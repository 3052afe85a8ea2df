namespace PublicVote.Api.Features.Campaigns.Definition;

public static partial class DefinitionValidator
{
    private static void ValidateScoring(CampaignDefinition definition, List<DefinitionError> errors)
    {
        var sources = definition.Scoring;
        Unique(sources.Select(s => s.Code), "$.scoring", "code", errors);
        var weights = sources.Sum(s => s.Weight);
        if (weights != 100)
        {
            errors.Add(new("$.scoring", $"weights must add up to 100 (they add up to {weights})"));
        }
        for (var i = 0; i < sources.Count; i++)
        {
            var path = At("$.scoring", i) + ".kind";
            var kind = sources[i].Kind;
            if (kind != "entered" && sources.Take(i).Any(s => s.Kind == kind))
            {
                errors.Add(new(path, $"only one source of kind '{kind}'"));
            }
            if (kind == "publicVote" && !definition.Phases.Any(p => p.Kind == PhaseKind.Vote))
            {
                errors.Add(new(path, "a publicVote source needs a phase of kind 'vote'"));
            }
            if (kind == "rubric" && definition.Rubric is null)
            {
                errors.Add(new(path, "a rubric source needs $.rubric"));
            }
            if (kind != "publicVote" && sources[i].Normalisation is not null)
            {
                errors.Add(new(At("$.scoring", i) + ".normalisation", "only a publicVote source is normalised"));
            }
        }
        if (definition.Rubric is not null && sources.All(s => s.Kind != "rubric"))
        {
            errors.Add(new("$.rubric", "is not used: no scoring source of kind 'rubric'"));
        }
    }

    private static void ValidateRubric(RubricDefinition rubric, List<DefinitionError> errors)
    {
        var items = rubric.Items;
        var codes = items.SelectMany(i => i.SubItems.Select(s => s.Code).Prepend(i.Code))
            .Concat(rubric.Vetoes.Select(v => v.Code))
            .GroupBy(c => c, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
        var sum = items.Sum(i => i.MaxScore);
        if (sum != rubric.Total)
        {
            errors.Add(new("$.rubric.total", $"the items' maxScore add up to {sum}, not {rubric.Total}"));
        }
        for (var i = 0; i < items.Count; i++)
        {
            var (item, path) = (items[i], At("$.rubric.items", i));
            if (codes.Contains(item.Code))
            {
                errors.Add(new(path + ".code", $"duplicate rubric code '{item.Code}'"));
            }
            for (var j = 0; j < item.SubItems.Count; j++)
            {
                if (codes.Contains(item.SubItems[j].Code))
                {
                    errors.Add(new(At(path + ".subItems", j) + ".code", $"duplicate rubric code '{item.SubItems[j].Code}'"));
                }
            }
            var subSum = item.SubItems.Sum(s => s.MaxScore);
            if (item.SubItems.Count > 0 && subSum != item.MaxScore)
            {
                errors.Add(new(path + ".maxScore", $"is {item.MaxScore} but its subItems add up to {subSum}"));
            }
        }
        for (var i = 0; i < rubric.Vetoes.Count; i++)
        {
            if (codes.Contains(rubric.Vetoes[i].Code))
            {
                errors.Add(new(At("$.rubric.vetoes", i) + ".code", $"duplicate rubric code '{rubric.Vetoes[i].Code}'"));
            }
        }
        if (rubric.Bonus is { } bonus && bonus.PerOccurrence > bonus.Max)
        {
            errors.Add(new("$.rubric.bonus.perOccurrence", $"must be ≤ max ({bonus.Max})"));
        }
    }
}
