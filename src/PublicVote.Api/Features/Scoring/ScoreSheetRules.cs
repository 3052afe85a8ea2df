using System.Globalization;
using PublicVote.Api.Features.Campaigns.Definition;

namespace PublicVote.Api.Features.Scoring;

/// <param name="Scores">The scored codes in rubric order.</param>
public sealed record EvaluatedSheet(IReadOnlyDictionary<string, decimal> Scores, decimal Bonus, decimal Total);

/// <summary>
/// Checks a sheet against the rubric and totals it: each score between 0 and its maximum with at most two decimals;
/// an item with sub-items is scored through them; a submitted sheet scores every item; the bonus is occurrences ×
/// per-occurrence, capped at the bonus maximum. Every error is reported, each naming its item.
/// </summary>
public static class ScoreSheetRules
{
    public static (EvaluatedSheet? Sheet, IReadOnlyList<ScoreSheetError> Errors) Evaluate(RubricDefinition rubric, ScoreSheetRequest request)
    {
        var errors = new List<ScoreSheetError>();
        var given = request.Scores ?? new Dictionary<string, decimal>();
        var leaves = Leaves(rubric);
        var known = leaves.Select(l => l.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var code in given.Keys.Where(c => !known.Contains(c)).Order(StringComparer.Ordinal))
        {
            errors.Add(rubric.Items.FirstOrDefault(i => i.Code == code) is { } parent
                ? new(code, $"'{parent.Name}' is scored through its sub-items ({string.Join(", ", parent.SubItems.Select(s => s.Code))})")
                : new(code, "not an item of this campaign's rubric"));
        }
        var scores = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (code, name, max) in leaves)
        {
            if (!given.TryGetValue(code, out var score))
            {
                if (request.Submit)
                {
                    errors.Add(new(code, $"'{name}' has no score: a submitted sheet scores every item"));
                }
                continue;
            }
            if (score < 0 || score > max)
            {
                errors.Add(new(code, $"'{name}' is scored {Show(score)}: it must lie between 0 and {max}"));
            }
            else if (decimal.Round(score, 2) != score)
            {
                errors.Add(new(code, $"'{name}' is scored {Show(score)}: at most two decimals"));
            }
            scores[code] = score;
        }
        if (request.BonusOccurrences > 0 && rubric.Bonus is null)
        {
            errors.Add(new("bonus", "this rubric has no bonus"));
        }
        if (request.VetoCode is { } veto && rubric.Vetoes.All(v => v.Code != veto))
        {
            errors.Add(new("veto", $"'{veto}' is not a veto of this rubric"));
        }
        if (request.VetoNote is not null && request.VetoCode is null)
        {
            errors.Add(new("veto", "a veto note needs a vetoCode"));
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var bonus = rubric.Bonus is { } b ? Math.Min(request.BonusOccurrences * b.PerOccurrence, b.Max) : 0;
        return (new EvaluatedSheet(scores, bonus, scores.Values.Sum() + bonus), errors);
    }

    /// <summary>Every scorable code in rubric order with its name and maximum: items without sub-items, and sub-items.</summary>
    public static IReadOnlyList<(string Code, string Name, int Max)> Leaves(RubricDefinition rubric) =>
        rubric.Items.SelectMany(i => i.SubItems.Count == 0
                ? [(i.Code, i.Name, i.MaxScore)]
                : i.SubItems.Select(s => (s.Code, s.Name, s.MaxScore)))
            .ToArray();

    private static string Show(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
