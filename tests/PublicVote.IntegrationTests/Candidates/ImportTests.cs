using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Campaigns.Definition;
using PublicVote.IntegrationTests.Infrastructure;
using static PublicVote.IntegrationTests.Candidates.NominationCampaigns;

namespace PublicVote.IntegrationTests.Candidates;

public sealed class ImportTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    private const string GoodCsv = """
        编号,姓名/名称,类别,推荐单位,单位,职务,宣言,荣誉,事迹材料,电话,单位地址,性别,出生年月,爱好特长
        001,市政务服务中心不动产窗口,优质服务窗口,市直,市政务服务中心,不动产窗口,一次办好,青年文明号,"窗口推行一窗受理，
        当日办结。",0724-2372245,象山大道1号,,,
        101,王丽,优质服务明星,东宝区,东宝区人民医院,导诊护士,"用心服务，""微笑""每一天",,,,,女,1990年5月,唱歌、舞蹈
        102,陈刚,star,dongbao,东宝区公交公司,驾驶员,安全行车,,,,,男,1985/11,
        """;

    [Fact]
    public async Task Utf8AndGbkVersionsOfTheSameFileImportTheSameCandidates()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var files = new Dictionary<string, byte[]>
        {
            ["utf-8"] = Encoding.UTF8.GetBytes(GoodCsv),
            ["utf-8 with BOM"] = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(GoodCsv)],
            ["gbk"] = Encoding.GetEncoding("GBK").GetBytes(GoodCsv),
        };
        var stored = new Dictionary<string, string>();
        foreach (var (name, bytes) in files)
        {
            var c = await CreateAsync(factory);
            using var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
            var result = await ProblemAssert.IsStatusAsync<JsonElement>(await ImportAsync(organizer, c, bytes, "candidates.csv"), HttpStatusCode.Created);
            Assert.Equal(3, result.GetProperty("rows").GetInt32());
            Assert.Equal([2, 3, 4], result.GetProperty("imported").EnumerateArray().Select(i => i.GetProperty("line").GetInt32()));
            stored[name] = await StoredAsync(c);
        }
        Assert.Contains("窗口推行一窗受理，\n当日办结。", stored["gbk"], StringComparison.Ordinal);
        Assert.Contains("用心服务，\"微笑\"每一天", stored["gbk"], StringComparison.Ordinal);
        Assert.Contains("\"birthMonth\": \"1985-11\"", stored["gbk"], StringComparison.Ordinal);
        Assert.Equal(stored["utf-8"], stored["gbk"]);
        Assert.Equal(stored["utf-8"], stored["utf-8 with BOM"]);
    }

    [Fact]
    public async Task AFileWithBadRowsImportsNothingAndReportsEveryBadRow()
    {
        var c = await CreateAsync(factory);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
        await CreateCandidateAsync(organizer, c, Window(c, "009", "已有窗口", c.City));
        const string csv = """
            编号,姓名/名称,类别,推荐单位,单位,电话,性别,出生年月
            001,甲窗口,优质服务窗口,东宝区,甲单位,0724-1111111,,
            002,乙窗口,优质服务窗口,东宝区,乙单位,0724-2222222,,
            003,丙窗口,窗口,市直,丙单位,0724-3333333,,
            101,王丽,优质服务明星,市直,丁单位,,不详,1990-05
            001,重号,优质服务窗口,市直,戊单位,0724-5555555,,

            009,已有编号,优质服务窗口,市直,己单位,0724-6666666,,
            010,缺电话,优质服务窗口,市直,庚单位,,男,
            011,好的一行,优质服务窗口,市直,辛单位,0724-8888888,,
            """;

        var problem = await ProblemAssert.IsProblemAsync(await ImportAsync(organizer, c, Encoding.UTF8.GetBytes(csv), "bad.csv"),
            HttpStatusCode.BadRequest, "invalid-import");

        var rows = problem.GetProperty("rows").EnumerateArray().ToDictionary(
            r => r.GetProperty("line").GetInt32(),
            r => r.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("column").GetString() + ": " + e.GetProperty("message").GetString()).ToArray());
        Assert.Equal([3, 4, 5, 6, 8, 9], rows.Keys.Order());
        Assert.Contains(rows[3], e => e.StartsWith("推荐单位: over the quota", StringComparison.Ordinal)); // 东宝区: 1 window, line 2 took it
        Assert.Contains(rows[4], e => e.StartsWith("类别: '窗口' is not a category", StringComparison.Ordinal));
        Assert.Contains(rows[5], e => e.StartsWith("性别: (性别) must be one of", StringComparison.Ordinal));
        Assert.Contains(rows[6], e => e.StartsWith("编号: '001' is also on line 2", StringComparison.Ordinal));
        Assert.Contains(rows[8], e => e.StartsWith("编号: '009' is taken", StringComparison.Ordinal));
        Assert.Contains(rows[9], e => e.StartsWith("电话: (电话) is required", StringComparison.Ordinal));
        Assert.Contains(rows[9], e => e.StartsWith("性别: is not on the form of '优质服务窗口'", StringComparison.Ordinal));
        Assert.Equal(["009"], (await NumbersAsync(c)));
    }

    [Fact]
    public async Task ADryRunChecksTheFileAndWritesNothing()
    {
        var c = await CreateAsync(factory);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
        var result = await ProblemAssert.IsOkAsync<JsonElement>(await ImportAsync(organizer, c, Encoding.UTF8.GetBytes(GoodCsv), "c.csv", dryRun: true));
        Assert.True(result.GetProperty("dryRun").GetBoolean());
        Assert.Equal(3, result.GetProperty("rows").GetInt32());
        Assert.Empty(await NumbersAsync(c));
    }

    [Fact]
    public async Task AnXlsxWithSharedStringsAndDateCellsImports()
    {
        var c = await CreateAsync(factory);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
        var xlsx = TestSheets.Xlsx(
            ["编号", "姓名/名称", "类别", "推荐单位", "单位", "电话", "性别", "出生年月"],
            [
                ["001", "甲窗口", "优质服务窗口", "市直", "甲单位", "0724-1111111", "", ""],
                ["101", "王丽", "优质服务明星", "东宝区", "乙单位", "", "女", new DateTime(1990, 5, 1)],
            ]);
        var result = await ProblemAssert.IsStatusAsync<JsonElement>(await ImportAsync(organizer, c, xlsx, "c.xlsx"), HttpStatusCode.Created);
        Assert.Equal("xlsx", result.GetProperty("format").GetString());
        Assert.Contains("\"birthMonth\": \"1990-05\"", await StoredAsync(c), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FilesThatAreNotCandidateTablesAreClearErrors()
    {
        var c = await CreateAsync(factory);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
        var header = await ProblemAssert.IsProblemAsync(await ImportAsync(organizer, c, Encoding.UTF8.GetBytes("编号,名字,类别\n001,x,y\n"), "c.csv"),
            HttpStatusCode.BadRequest, "invalid-import");
        Assert.Contains(header.GetProperty("fileErrors").EnumerateArray(), e => e.GetString()!.Contains("'名字'", StringComparison.Ordinal));
        await ProblemAssert.IsProblemAsync(await ImportAsync(organizer, c, [0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0], "old.xls"), HttpStatusCode.BadRequest, "invalid-import");
        await ProblemAssert.IsProblemAsync(await ImportAsync(organizer, c, [(byte)'P', (byte)'K', 3, 4, 1, 2, 3], "broken.xlsx"), HttpStatusCode.BadRequest, "invalid-import");
        await ProblemAssert.IsProblemAsync(await organizer.PostAsync(Url(c, "/import"), new StringContent("编号")), HttpStatusCode.BadRequest, "invalid-import");
    }

    [Fact]
    public async Task TheShippedSampleImportsIntoTheJingmenCampaign()
    {
        var jingmen = await SampleFiles.ReadAsync("jingmen-2019.json");
        var id = await factory.Services.GetRequiredService<CampaignDefinitionService>()
            .ImportAsync(jingmen.Replace("\"slug\": \"jingmen-2019\"", "\"slug\": \"jm-" + Guid.NewGuid().ToString("N")[..8] + "\"", StringComparison.Ordinal));
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, id);
        var c = new NominationCampaign(id, 0, 0, 0, 0, 0);
        var sample = await File.ReadAllBytesAsync(Path.Combine(SampleFiles.Folder, "jingmen-2019.candidates-import.csv"));
        var result = await ProblemAssert.IsStatusAsync<JsonElement>(await ImportAsync(organizer, c, sample, "sample.csv"), HttpStatusCode.Created);
        Assert.Equal(4, result.GetProperty("rows").GetInt32());
    }

    [Fact]
    public async Task AnImportIsAuditedWithEveryCandidateItCreated()
    {
        var c = await CreateAsync(factory);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
        await ProblemAssert.IsStatusAsync<JsonElement>(await ImportAsync(organizer, c, Encoding.UTF8.GetBytes(GoodCsv), "c.csv"), HttpStatusCode.Created);
        var audit = await ProblemAssert.IsOkAsync<JsonElement>(await organizer.GetAsync($"/api/admin/audit?campaignId={c.Id}&action=candidate.import"));
        var entry = Assert.Single(audit.GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("before").ValueKind);
        Assert.Equal(3, entry.GetProperty("after").GetProperty("candidates").GetArrayLength());
        Assert.Equal("c.csv", entry.GetProperty("after").GetProperty("file").GetString());
    }

    private static Task<HttpResponseMessage> ImportAsync(HttpClient organizer, NominationCampaign c, byte[] file, string fileName, bool dryRun = false)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", fileName } };
        return organizer.PostAsync(Url(c, "/import" + (dryRun ? "?dryRun=true" : "")), form);
    }

    private async Task<string[]> NumbersAsync(NominationCampaign c)
    {
        await using var db = await factory.Db.OpenConnectionAsync();
        return (await db.QueryAsync<string>("SELECT number FROM candidates WHERE campaign_id = @Id ORDER BY number", c)).ToArray();
    }

    /// <summary>The stored candidates as text, without ids (which differ between campaigns).</summary>
    private async Task<string> StoredAsync(NominationCampaign c)
    {
        await using var db = await factory.Db.OpenConnectionAsync();
        var rows = await db.QueryAsync<string>("""
            SELECT concat_ws(' | ', c.number, c.name, k.code, d.code, c.unit_name, c.post, c.slogan, c.honours, c.materials, c.fields::text, c.review_status)
              FROM candidates c JOIN categories k ON k.id = c.category_id LEFT JOIN districts d ON d.id = c.district_id
             WHERE c.campaign_id = @Id ORDER BY c.number
            """, c);
        return string.Join("\n", rows);
    }
}
