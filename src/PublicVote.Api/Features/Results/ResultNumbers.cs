using System.Globalization;

namespace PublicVote.Api.Features.Results;

/// <summary>The arithmetic of results: decimals only, every shown number rounded to 2 places half away from zero (四舍五入).</summary>
public static class ResultNumbers
{
    public const string Rounding =
        "decimal arithmetic; every number shown (normalised vote score, judges' aggregate, each share) is rounded to 2 places, half away from zero, and computed from the shown numbers before it; the total is the sum of the shown shares";

    /// <summary>Rounds to 2 places, half away from zero, and always carries 2 places (48 → 48.00) so output is uniform.</summary>
    public static decimal Round2(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero) + 0.00m;

    public static string Show(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Show(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The judges' sheets combined. <c>trimmedMean</c> drops the one lowest and the one highest total when at least
    /// five judges submitted (among equal totals: the lowest judge id as the lowest, the highest id as the highest;
    /// the values dropped are the same either way), else it is the plain mean.
    /// </summary>
    public static (decimal? Aggregate, IReadOnlyList<JudgeTotal> Judges) Aggregate(IReadOnlyList<SheetInput> sheets, string aggregation)
    {
        if (sheets.Count == 0)
        {
            return (null, []);
        }
        var ordered = sheets.OrderBy(s => s.Total).ThenBy(s => s.JudgeId).ToArray();
        var dropped = aggregation == ResultSettings.TrimmedMean && sheets.Count >= ResultSettings.TrimmedMeanMinJudges
            ? new HashSet<long> { ordered[0].JudgeId, ordered[^1].JudgeId }
            : [];
        var kept = ordered.Where(s => !dropped.Contains(s.JudgeId)).ToArray();
        var aggregate = Round2(kept.Sum(s => s.Total) / kept.Length);
        var judges = sheets.OrderBy(s => s.JudgeId)
            .Select(s => new JudgeTotal(s.JudgeId, s.JudgeName, s.Total, dropped.Contains(s.JudgeId)))
            .ToArray();
        return (aggregate, judges);
    }

    /// <summary>Competition ranks (1, 2, 2, 4) of the values, largest first.</summary>
    public static int[] CompetitionRanks(IReadOnlyList<long> values)
    {
        var ranks = new int[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            ranks[i] = 1 + values.Count(v => v > values[i]);
        }
        return ranks;
    }

    /// <summary>一, 二, … 九十九: the heading numbers of a Chinese notice.</summary>
    public static string ChineseOrdinal(int n)
    {
        const string digits = "〇一二三四五六七八九";
        return n switch
        {
            < 1 or > 99 => n.ToString(CultureInfo.InvariantCulture),
            < 10 => digits[n].ToString(),
            10 => "十",
            < 20 => "十" + digits[n % 10],
            _ => digits[n / 10] + "十" + (n % 10 == 0 ? "" : digits[n % 10].ToString()),
        };
    }
}

public static class ResultSettings
{
    public const string TopRatio = "topRatio";
    public const string Rank = "rank";
    public const string Mean = "mean";
    public const string TrimmedMean = "trimmedMean";
    public const int TrimmedMeanMinJudges = 5;

    public const string TieRule =
        "within a category: higher total first; equal totals: higher sum of the non-vote shares (judges and entered scores), then more votes, then the lower candidate number (shorter first, then character order); ranks are 1..n with no shared ranks, and each tied line says what ordered it";
}
