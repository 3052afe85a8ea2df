using System.Globalization;
using System.Text.Json.Nodes;

namespace PublicVote.BrowserTests.Infrastructure;

/// <summary>
/// Campaign definition files (docs/campaign-definition.md) for the browser tests, imported through the admin API:
/// the phases are placed around the test clock's now, the rest is like the Jingmen 2019 sample, smaller.
/// </summary>
public static class Definitions
{
    public const string Name = "荆门市“优质服务窗口、优质服务明星”评选";
    public const string Organizer = "荆门市文明办 荆门市总工会 荆门市消费者委员会";

    public static JsonObject Campaign(
        JsonArray phases, JsonArray categories, JsonArray? districts = null, JsonObject? voteRules = null, JsonArray? scoring = null,
        JsonObject? rubric = null, int photosMin = 1)
    {
        var definition = new JsonObject
        {
            ["slug"] = "b-" + Guid.NewGuid().ToString("N")[..16],
            ["name"] = Name,
            ["organizer"] = Organizer,
            ["timeZone"] = "Asia/Shanghai",
            ["phases"] = phases,
            ["categories"] = categories,
            ["districts"] = districts ?? [],
            ["nomination"] = new JsonObject
            {
                ["photos"] = new JsonObject { ["min"] = photosMin, ["max"] = 5, ["minBytes"] = 0, ["maxBytes"] = 2_000_000 },
                ["materialChars"] = 1000,
            },
            ["scoring"] = scoring ?? [Source("public", "市民投票", "publicVote", 100)],
        };
        if (voteRules is not null)
        {
            definition["voteRules"] = voteRules;
        }
        if (rubric is not null)
        {
            definition["rubric"] = rubric;
        }
        return definition;
    }

    /// <summary>
    /// A campaign with all six phases after nomination, one after another, placed so that now is one day into
    /// <paramref name="current"/>; two categories with award quotas, two districts (名额分配表), votes 60 % and judges 40 %.
    /// </summary>
    public static JsonObject AllPhases(DateTimeOffset now, string current)
    {
        (string Kind, string Name, int Days)[] plan =
            [("review", "初审公示", 3), ("vote", "评选投票", 6), ("expertReview", "专家评审", 3), ("resultsNotice", "结果公示", 4), ("publication", "命名表彰", 3)];
        var start = now.AddDays(-1) - TimeSpan.FromDays(plan.TakeWhile(p => p.Kind != current).Sum(p => p.Days));
        var phases = new JsonArray();
        foreach (var (kind, name, days) in plan)
        {
            phases.Add(Phase(kind, name, start, start.AddDays(days)));
            start = start.AddDays(days);
        }
        return Campaign(phases, WindowsAndStars(windowAwards: 2, starAwards: 1),
            [District("city", "市直", ("window", 5, 1), ("star", 5, 1)), District("dongbao", "东宝区", ("window", 5, 1), ("star", 5, 0))],
            VoteRules(daily: 5), [Source("public", "市民投票", "publicVote", 60), Source("judges", "评委打分", "rubric", 40)], OverallRubric());
    }

    public static JsonObject Phase(string kind, string name, DateTimeOffset starts, DateTimeOffset ends) =>
        new() { ["kind"] = kind, ["name"] = name, ["startsAt"] = Iso(starts), ["endsAt"] = Iso(ends) };

    public static JsonObject Category(string code, string name, string kind, int? awardQuota = null)
    {
        var category = new JsonObject { ["code"] = code, ["name"] = name, ["kind"] = kind, ["formFields"] = new JsonArray() };
        if (awardQuota is { } quota)
        {
            category["awardQuota"] = quota;
        }
        return category;
    }

    /// <summary>The two categories of the seed notices.</summary>
    public static JsonArray WindowsAndStars(int? windowAwards = null, int? starAwards = null) =>
        [Category("window", "优质服务窗口", "unit", windowAwards), Category("star", "优质服务明星", "person", starAwards)];

    /// <param name="quotas">category code → (recommend, award), the 名额分配表 row of this district.</param>
    public static JsonObject District(string code, string name, params (string Category, int Recommend, int Award)[] quotas)
    {
        var row = new JsonObject();
        foreach (var (category, recommend, award) in quotas)
        {
            row[category] = new JsonObject { ["recommend"] = recommend, ["award"] = award };
        }
        return new JsonObject { ["code"] = code, ["name"] = name, ["quotas"] = row };
    }

    public static JsonObject VoteRules(int daily = 3, int perCandidate = 1, bool showLiveCounts = true) =>
        new() { ["dailyVotesPerVoter"] = daily, ["perCandidatePerDay"] = perCandidate, ["showLiveCounts"] = showLiveCounts };

    public static JsonObject Source(string code, string name, string kind, int weight) =>
        new() { ["code"] = code, ["name"] = name, ["kind"] = kind, ["weight"] = weight };

    /// <summary>Jingmen's rubric: each judge gives one score on 100.</summary>
    public static JsonObject OverallRubric() => new()
    {
        ["total"] = 100,
        ["items"] = new JsonArray(new JsonObject { ["code"] = "overall", ["name"] = "专家评审组打分", ["maxScore"] = 100 }),
    };

    private static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
