using PublicVote.Api.Features.Campaigns.Definition;
using PublicVote.Api.Features.Scoring;
using PublicVote.UnitTests.Campaigns;

namespace PublicVote.UnitTests.Results;

/// <summary>Seed 002's rubric (后勤集团): 职业道德 5+5, 岗位规范 5+5, 服务质量 10+20, 操作技能 20+10, 安全生产 10+10, bonus 1 each up to 10.</summary>
public sealed class ScoreSheetRulesTests
{
    private static readonly RubricDefinition Rubric = CampaignDefinitionJson.Read(Samples.Text("houqin-2010-rubric.json")).Rubric!;

    public static Dictionary<string, decimal> FullSheet() => new()
    {
        ["ethics-1"] = 5, ["ethics-2"] = 4, ["norms-3"] = 5, ["norms-4"] = 4.5m, ["service-5"] = 9,
        ["service-6"] = 18, ["skills-7"] = 17, ["skills-8"] = 8, ["safety-9"] = 10, ["safety-10"] = 9,
    };

    [Fact]
    public void EveryOutOfRangeOrUnknownScoreIsReportedWithItsItem()
    {
        var request = new ScoreSheetRequest(1, new Dictionary<string, decimal>
        {
            ["ethics-1"] = 6, ["norms-3"] = -1, ["service"] = 25, ["bogus"] = 1, ["skills-7"] = 10.555m, ["safety-9"] = 10,
        });

        var (sheet, errors) = ScoreSheetRules.Evaluate(Rubric, request);

        Assert.Null(sheet);
        Assert.Equal(
        [
            ("bogus", "not an item of this campaign's rubric"),
            ("service", "'服务质量（服务质量高）' is scored through its sub-items (service-5, service-6)"),
            ("ethics-1", "'政治学习与思想素养' is scored 6: it must lie between 0 and 5"),
            ("norms-3", "'岗位责任制与照章办事' is scored -1: it must lie between 0 and 5"),
            ("skills-7", "'业务知识和技能' is scored 10.555: at most two decimals"),
        ], errors.Select(e => (e.Item, e.Message)));
    }

    [Fact]
    public void ASubmittedSheetMustScoreEveryItemButADraftNeedNot()
    {
        var partial = new Dictionary<string, decimal> { ["ethics-1"] = 5 };

        var (draft, _) = ScoreSheetRules.Evaluate(Rubric, new ScoreSheetRequest(1, partial));
        var (_, errors) = ScoreSheetRules.Evaluate(Rubric, new ScoreSheetRequest(1, partial, Submit: true));

        Assert.Equal(5m, draft!.Total);
        Assert.Equal(9, errors.Count);
        Assert.Contains(errors, e => e.Item == "safety-10" && e.Message.Contains("has no score", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 3)]
    [InlineData(10, 10)]
    [InlineData(12, 10)]
    [InlineData(1000, 10)]
    public void TheBonusIsOnePerOccurrenceCappedAtTen(int occurrences, int bonus)
    {
        // the items add up to 5 + 4 + 5 + 4.5 + 9 + 18 + 17 + 8 + 10 + 9 = 89.5
        var (sheet, errors) = ScoreSheetRules.Evaluate(Rubric, new ScoreSheetRequest(1, FullSheet(), occurrences, Submit: true));

        Assert.Empty(errors);
        Assert.Equal(bonus, sheet!.Bonus);
        Assert.Equal(89.5m + bonus, sheet.Total);
    }

    [Fact]
    public void OnlyTheRubricsVetoesAreAccepted()
    {
        var (_, errors) = ScoreSheetRules.Evaluate(Rubric, new ScoreSheetRequest(1, FullSheet(), VetoCode: "late-again", VetoNote: "x"));
        var (sheet, none) = ScoreSheetRules.Evaluate(Rubric, new ScoreSheetRequest(1, FullSheet(), VetoCode: "safety-accident"));

        Assert.Equal([("veto", "'late-again' is not a veto of this rubric")], errors.Select(e => (e.Item, e.Message)));
        Assert.Empty(none);
        Assert.NotNull(sheet);
    }
}
