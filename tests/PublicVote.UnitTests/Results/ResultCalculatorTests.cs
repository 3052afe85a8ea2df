using System.Text.Json;
using PublicVote.Api.Features.Results;

namespace PublicVote.UnitTests.Results;

/// <summary>The calculator against numbers worked out by hand (written here, not produced by the code).</summary>
public sealed class ResultCalculatorTests
{
    [Fact]
    public void TrimmedMeanDropsOneHighestAndOneLowestFromFiveJudges()
    {
        // 88.50 92.00 79.00 95.50 90.00 85.25: drop 79.00 and 95.50; (88.50 + 92.00 + 90.00 + 85.25) / 4 = 355.75 / 4 = 88.9375 → 88.94
        var sheets = Sheets(88.50m, 92.00m, 79.00m, 95.50m, 90.00m, 85.25m);

        var (aggregate, judges) = ResultNumbers.Aggregate(sheets, ResultSettings.TrimmedMean);

        Assert.Equal(88.94m, aggregate);
        Assert.Equal([false, false, true, true, false, false], judges.Select(j => j.Dropped));
        // The plain mean of the same sheets: 530.25 / 6 = 88.375 → 88.38
        Assert.Equal(88.38m, ResultNumbers.Aggregate(sheets, ResultSettings.Mean).Aggregate);
    }

    [Fact]
    public void TrimmedMeanWithFewerThanFiveJudgesIsThePlainMeanRoundedHalfAwayFromZero()
    {
        // (80.02 + 80 + 80 + 80) / 4 = 80.005: half away from zero gives 80.01 (banker's rounding would give 80.00)
        var (aggregate, judges) = ResultNumbers.Aggregate(Sheets(80.02m, 80m, 80m, 80m), ResultSettings.TrimmedMean);

        Assert.Equal(80.01m, aggregate);
        Assert.DoesNotContain(judges, j => j.Dropped);
    }

    [Fact]
    public void AmongEqualExtremesOneEachIsDropped()
    {
        // 90 90 80 80 85: one 80 and one 90 go; (80 + 85 + 90) / 3 = 85.00
        var (aggregate, judges) = ResultNumbers.Aggregate(Sheets(90m, 90m, 80m, 80m, 85m), ResultSettings.TrimmedMean);

        Assert.Equal(85.00m, aggregate);
        Assert.Equal([false, true, true, false, false], judges.Select(j => j.Dropped));
    }

    [Fact]
    public void RankNormalisationGivesTiedVotesTheSameShare()
    {
        // 4 ranked; votes 100, 80, 80, 10 → vote ranks 1, 2, 2, 4 → 50 × 4/4, 50 × 3/4, 50 × 3/4, 50 × 1/4
        var inputs = new ResultInputsBuilder().Source("public", "publicVote", 50, "rank").Source("judges", "rubric", 50).Rubric(100)
            .Candidate(1, "1", 100, judges: [60m]).Candidate(2, "2", 80, judges: [70m]).Candidate(3, "3", 80, judges: [50m])
            .Candidate(4, "4", 10, judges: [100m]).Build();

        var lines = ResultCalculator.Compute(inputs).Categories[0].Lines;

        // totals: 1: 50 + 30 = 80.00; 2: 37.50 + 35 = 72.50; 3: 37.50 + 25 = 62.50; 4: 12.50 + 50 = 62.50 → 4 before 3 (judges)
        Assert.Equal([("1", 1, 50.00m, 80.00m), ("2", 2, 37.50m, 72.50m), ("4", 4, 12.50m, 62.50m), ("3", 2, 37.50m, 62.50m)],
            lines.Select(l => (l.Number, l.VoteRank!.Value, l.VoteScore!.Value, l.Total)));
        Assert.Equal([1, 2, 3, 4], lines.Select(l => l.Rank));
        Assert.Equal(ResultRanking.ByNonVote, lines[2].TieBrokenBy);
        Assert.Contains("(4 − 2 + 1) ÷ 4 × 50 = 37.50", lines[1].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCategoryQuotaStopsAwardsAndAFullTieIsOrderedByNumberWithAWarning()
    {
        var inputs = new ResultInputsBuilder().Source("public", "publicVote", 100).AwardQuota(2)
            .Candidate(1, "12", 50).Candidate(2, "3", 50).Candidate(3, "7", 20).Build();

        var result = ResultCalculator.Compute(inputs);
        var lines = result.Categories[0].Lines;

        // "3" before "12": shorter numbers first
        Assert.Equal(["3", "12", "7"], lines.Select(l => l.Number));
        Assert.Equal([true, true, false], lines.Select(l => l.Awarded));
        Assert.Equal("本类别表彰名额 2 个已满", lines[2].NotAwardedReason);
        Assert.Equal(ResultRanking.ByNumber, lines[0].TieBrokenBy);
        Assert.Contains(result.Warnings, w => w.Contains("名次只按编号排定", StringComparison.Ordinal));
    }

    [Fact]
    public void ADistrictKeepsItsUnusedPlacesAndAFullDistrictCutsOffAHigherScore()
    {
        var inputs = new ResultInputsBuilder().Source("public", "publicVote", 100).AwardQuota(3)
            .District(1, "甲区", 1).District(2, "乙区", 2).District(3, "丙区", 0)
            .Candidate(1, "1", 100, district: 1).Candidate(2, "2", 90, district: 1).Candidate(3, "3", 80, district: 2)
            .Candidate(4, "4", 70, district: 3).Candidate(5, "5", 60).Build();

        var category = ResultCalculator.Compute(inputs).Categories[0];

        Assert.Equal([true, false, true, false, false], category.Lines.Select(l => l.Awarded));
        Assert.Equal("甲区表彰名额 1 个已由本类第 1 名占用（名额不调剂给其他推荐单位）", category.Lines[1].NotAwardedReason);
        Assert.Equal("丙区在本类别没有表彰名额", category.Lines[3].NotAwardedReason);
        Assert.Equal("未属任何推荐单位，名额分配表中没有其表彰名额", category.Lines[4].NotAwardedReason);
        // 乙区's second place stays empty: 2 awarded although the category allows 3
        Assert.Equal(2, category.Awarded);
        Assert.Equal([(1L, 1, 1, 0), (2L, 2, 1, 1), (3L, 0, 0, 0)], category.Districts.Select(d => (d.DistrictId, d.Quota, d.Awarded, d.Unused)));
    }

    [Fact]
    public void ExcludedCandidatesDoNotSetTheTopAndAMissingJudgeScoreMakesTheResultIncomplete()
    {
        var inputs = new ResultInputsBuilder().Source("public", "publicVote", 60).Source("judges", "rubric", 40).Rubric(100)
            .Candidate(1, "1", 500, status: "disqualified", judges: [90m]).Candidate(2, "2", 200, judges: [50m]).Candidate(3, "3", 100).Build();

        var result = ResultCalculator.Compute(inputs);
        var category = result.Categories[0];

        Assert.Equal(200, category.TopVotes);
        Assert.Equal([("2", 60.00m, 20.00m, 80.00m), ("3", 30.00m, 0.00m, 30.00m)],
            category.Lines.Select(l => (l.Number, l.VoteScore!.Value, l.JudgeScore!.Value, l.Total)));
        Assert.Equal(("1", "disqualified", "已取消评选资格", 500L), (category.Excluded[0].Number, category.Excluded[0].Status, category.Excluded[0].Reason, category.Excluded[0].Votes));
        Assert.False(result.Complete);
        Assert.Equal(["judges"], category.Lines[1].Missing);
    }

    [Fact]
    public void TheSameInputsGiveTheSameOutputToTheByte()
    {
        var build = () => new ResultInputsBuilder().Source("public", "publicVote", 60).Source("judges", "rubric", 40).Rubric(100, "trimmedMean")
            .District(1, "甲区", 1).Candidate(1, "1", 1000, 1, judges: [90m, 80m, 70m, 60m, 85.5m]).Candidate(2, "2", 777, 1, judges: [91m, 82m, 73m, 64m, 55m])
            .Build();

        var first = JsonSerializer.Serialize(ResultCalculator.Compute(build()));
        var second = JsonSerializer.Serialize(ResultCalculator.Compute(build()));

        Assert.Equal(first, second);
        Assert.Equal(ResultCalculator.Compute(build()).InputsSha256, ResultInputsJson.Sha256(build()));
    }

    private static SheetInput[] Sheets(params decimal[] totals) =>
        totals.Select((t, i) => new SheetInput(1, i + 1, "评委" + (i + 1), t)).ToArray();
}
