using System.Text.Json.Nodes;
using PublicVote.Api.Features.Campaigns.Definition;

namespace PublicVote.UnitTests.Campaigns;

public sealed class CampaignDefinitionTests
{
    [Theory]
    [MemberData(nameof(Samples.Names), MemberType = typeof(Samples))]
    public void EverySampleIsValid(string name)
    {
        var definition = CampaignDefinitionJson.Read(Samples.Text(name));

        Assert.NotEmpty(definition.Categories);
        Assert.Equal(100, definition.Scoring.Sum(s => s.Weight));
    }

    [Theory]
    [MemberData(nameof(Samples.Names), MemberType = typeof(Samples))]
    public void WritingASampleAndReadingItBackGivesTheSameDefinition(string name)
    {
        var canonical = CampaignDefinitionJson.Write(CampaignDefinitionJson.Read(Samples.Text(name)));

        Assert.Equal(canonical, CampaignDefinitionJson.Write(CampaignDefinitionJson.Read(canonical)));
    }

    [Fact]
    public void TheJingmenSampleCarriesTheNoticesQuotas()
    {
        var jingmen = CampaignDefinitionJson.Read(Samples.Text("jingmen-2019.json"));

        Assert.Equal(["市直", "东宝区", "荆门高新区·掇刀区", "漳河新区"], jingmen.Districts.Select(d => d.Name));
        Assert.Equal([18, 10, 10, 2], jingmen.Districts.Select(d => d.Quotas["window"].Recommend));
        Assert.Equal([9, 5, 5, 1], jingmen.Districts.Select(d => d.Quotas["star"].Award));
        Assert.Equal(40, jingmen.Districts.Sum(d => d.Quotas["star"].Recommend));
        Assert.All(jingmen.Categories, c => Assert.Equal(20, c.AwardQuota));
    }

    [Fact]
    public void AnAwardQuotaOverTheRecommendQuotaIsReportedWithItsPathAndTheCategoryTotal()
    {
        var json = Samples.Jingmen();
        json["districts"]![2]!["quotas"]!["star"]!["award"] = 11;

        Assert.Equal(
        [
            "$.districts[2].quotas.star.award: must be ≤ recommend (10)",
            "$.categories[1].awardQuota: the districts' award quotas for 'star' add up to 26, more than 20",
        ], Samples.ErrorsOf(json));
    }

    [Fact]
    public void SchemaErrorsAreAllReportedTogether()
    {
        var json = Samples.Jingmen();
        json["colour"] = "red";
        json.AsObject().Remove("timeZone");
        json["slug"] = "Jingmen 2019";
        json["phases"]![1]!["kind"] = "objection";
        json["phases"]![2]!["startsAt"] = "2019-07-27";
        json["categories"]![0]!["formFields"]![0]!["maxLength"] = "100";
        json["voteRules"]!["dailyVotesPerVoter"] = 0;

        Assert.Equal(
        [
            "$.timeZone: is required",
            "$.slug: must match ^[a-z0-9-]{1,64}$",
            "$.phases[1].kind: must be one of \"nomination\", \"review\", \"vote\", \"expertReview\", \"resultsNotice\", \"publication\"",
            "$.phases[2].startsAt: must be a date-time with an offset, e.g. 2019-07-27T00:00:00+08:00",
            "$.categories[0].formFields[0].maxLength: must be an integer",
            "$.voteRules.dailyVotesPerVoter: must be ≥ 1",
            "$.colour: is not a known key",
        ], Samples.ErrorsOf(json));
    }

    [Fact]
    public void PhasesOutOfOrderOrOverlappingAreReported()
    {
        var json = Samples.Jingmen();
        var phases = json["phases"]!.AsArray();
        phases[2]!["endsAt"] = "2019-07-26T00:00:00+08:00";
        phases[3]!["startsAt"] = "2019-08-09T00:00:00+08:00";
        phases[4]!["kind"] = "review";
        phases[1]!["objectionsUntil"] = "2019-07-28T00:00:00+08:00";

        Assert.Equal(
        [
            "$.phases[1].objectionsUntil: must lie after startsAt and no later than endsAt (2019-07-27T00:00:00+08:00)",
            "$.phases[2].endsAt: must be after startsAt (2019-07-27T00:00:00+08:00)",
            "$.phases[4].kind: duplicate phase 'review'",
        ], Samples.ErrorsOf(json));
    }

    [Fact]
    public void PhasesListedInTheWrongOrderAreReported()
    {
        var json = Samples.Jingmen();
        json["phases"]![0]!["kind"] = "publication";

        Assert.Equal(
        [
            "$.phases[1].kind: 'review' must come before 'publication' (phases are listed in the order they run)",
            "$.phases[5].kind: duplicate phase 'publication'",
        ], Samples.ErrorsOf(json));
    }

    [Fact]
    public void ScoringAndVoteRuleErrorsAreReported()
    {
        var json = Samples.Jingmen();
        json["scoring"]![1]!["weight"] = 30;
        json["scoring"]![1]!["kind"] = "rubric";
        json.AsObject().Remove("rubric");
        json["voteRules"]!["perCandidatePerDay"] = 6;
        json["voteRules"]!["perCategoryPerDay"] = 2;

        Assert.Equal(
        [
            "$.voteRules.perCandidatePerDay: must be ≤ dailyVotesPerVoter (5)",
            "$.voteRules.perCategoryPerDay: must lie between perCandidatePerDay (6) and dailyVotesPerVoter (5)",
            "$.scoring: weights must add up to 100 (they add up to 90)",
            "$.scoring[1].kind: a rubric source needs $.rubric",
        ], Samples.ErrorsOf(json));
    }

    [Fact]
    public void AVoteWithoutRulesAndRulesWithoutAVoteAreReported()
    {
        var withoutRules = Samples.Jingmen();
        withoutRules.AsObject().Remove("voteRules");
        var withoutVote = Samples.Jingmen();
        withoutVote["phases"]!.AsArray().RemoveAt(2);

        Assert.Equal(["$.voteRules: is required when there is a vote phase"], Samples.ErrorsOf(withoutRules));
        Assert.Equal(
        [
            "$.voteRules: needs a phase of kind 'vote'",
            "$.scoring[0].kind: a publicVote source needs a phase of kind 'vote'",
        ], Samples.ErrorsOf(withoutVote));
    }

    [Fact]
    public void CodesMustBeUniqueAndQuotasMustNameACategory()
    {
        var json = Samples.Jingmen();
        json["districts"]![3]!["code"] = "city";
        json["districts"]![0]!["quotas"]!["stars"] = new JsonObject { ["recommend"] = 1, ["award"] = 1 };
        json["categories"]![1]!["formFields"]![2]!["key"] = "gender";
        json["categories"]![1]!["formFields"]![3]!["options"] = new JsonArray("a");
        json["categories"]![1]!["formFields"]![1]!.AsObject().Remove("options");

        Assert.Equal(
        [
            "$.categories[1].formFields[2].key: duplicate 'gender' (first at $.categories[1].formFields[1])",
            "$.categories[1].formFields[1].options: a choice field needs options",
            "$.categories[1].formFields[3].options: only choice and multiChoice fields have options, not text",
            "$.districts[3].code: duplicate 'city' (first at $.districts[0])",
            "$.districts[0].quotas.stars: 'stars' is not a category code of this campaign",
        ], Samples.ErrorsOf(json));
    }

    [Fact]
    public void RubricSumsBonusAndCodesAreChecked()
    {
        var json = JsonNode.Parse(Samples.Text("houqin-2010-rubric.json"))!;
        var items = json["rubric"]!["items"]!;
        items[2]!["subItems"]![1]!["maxScore"] = 15;
        items[3]!["maxScore"] = 25;
        items[4]!["subItems"]![0]!["code"] = "ethics-1";
        json["rubric"]!["bonus"]!["perOccurrence"] = 11;

        Assert.Equal(
        [
            "$.rubric.total: the items' maxScore add up to 95, not 100",
            "$.rubric.items[0].subItems[0].code: duplicate rubric code 'ethics-1'",
            "$.rubric.items[2].maxScore: is 30 but its subItems add up to 25",
            "$.rubric.items[3].maxScore: is 25 but its subItems add up to 30",
            "$.rubric.items[4].subItems[0].code: duplicate rubric code 'ethics-1'",
            "$.rubric.bonus.perOccurrence: must be ≤ max (10)",
        ], Samples.ErrorsOf(json));
    }

    [Fact]
    public void TheHouqinRubricHasTheNoticesPoints()
    {
        var rubric = CampaignDefinitionJson.Read(Samples.Text("houqin-2010-rubric.json")).Rubric!;

        Assert.Equal([10, 10, 30, 30, 20], rubric.Items.Select(i => i.MaxScore));
        Assert.Equal([5, 5, 5, 5, 10, 20, 20, 10, 10, 10], rubric.Items.SelectMany(i => i.SubItems).Select(s => s.MaxScore));
        Assert.Equal((1, 10), (rubric.Bonus!.PerOccurrence, rubric.Bonus.Max));
        Assert.Equal("safety-accident", Assert.Single(rubric.Vetoes).Code);
    }

    [Theory]
    [InlineData("{", "$: is not valid JSON (line 1, byte 2)")]
    [InlineData("[]", "$: must be an object")]
    [InlineData("{\"slug\":\"x\",\"name\":\"x\",\"timeZone\":\"Mars/Olympus\",\"phases\":[{\"kind\":\"vote\",\"name\":\"v\",\"startsAt\":\"2019-07-27T00:00:00+08:00\",\"endsAt\":\"2019-08-10T00:00:00+08:00\"}],\"categories\":[{\"code\":\"a\",\"name\":\"a\",\"kind\":\"unit\",\"formFields\":[]}],\"voteRules\":{\"dailyVotesPerVoter\":1,\"perCandidatePerDay\":1,\"showLiveCounts\":false},\"scoring\":[{\"code\":\"p\",\"name\":\"p\",\"kind\":\"publicVote\",\"weight\":100}]}",
        "$.timeZone: unknown time zone 'Mars/Olympus' (use an IANA name such as Asia/Shanghai)")]
    public void BrokenFilesGetOneClearError(string text, string error)
    {
        var ex = Assert.Throws<InvalidDefinitionException>(() => CampaignDefinitionJson.Read(text));

        Assert.Equal(error, Assert.Single(ex.Errors).ToString());
    }
}
