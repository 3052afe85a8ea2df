using System.Net;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using PublicVote.Api.Features.Accounts;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Results;

/// <summary>CSV opens in Excel (UTF-8 BOM, Chinese headers, formulas defused); .xlsx round-trips through the OpenXml reader.</summary>
public sealed class ExportTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Fact]
    public async Task ResultsCsvStartsWithABomAndTheXlsxReadsBack()
    {
        var (scenario, organizer) = await ScenarioAsync("export-results");

        var csv = await organizer.GetAsync($"/api/admin/campaigns/{scenario.CampaignId}/results?format=csv");
        var xlsx = await organizer.GetAsync($"/api/admin/campaigns/{scenario.CampaignId}/results?format=xlsx");

        var bytes = await Bytes(csv, "text/csv");
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal("类别,名次,编号,名称/姓名,单位,推荐单位,得票,投票分,评委打分,评委汇总分,评委分,总分,是否表彰,说明", lines[0]);
        Assert.StartsWith("优质服务窗口,1,1,'=1+2合计,,市直,300,60.00,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("优质服务窗口,,3,丙窗口,,,50,,,,,,取消资格,弄虚作假", lines[3], StringComparison.Ordinal);

        using var document = SpreadsheetDocument.Open(new MemoryStream(await Bytes(xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")), false);
        var rows = Rows(document, "评选结果");
        Assert.Equal(["类别", "名次", "编号", "名称/姓名"], rows[0][..4]);
        Assert.Equal(["优质服务窗口", "1", "1", "=1+2合计", "", "市直", "300", "60.00"], rows[1][..8]);
        Assert.Equal("92.00", rows[1][11]);
        Assert.Equal("76.00", rows[2][11]);
        Assert.Contains(Rows(document, "计算规则"), r => r[0] == "输入数据 SHA-256" && r[1].Length == 64);
    }

    [Fact]
    public async Task TotalsCandidatesAndTheAwardListExport()
    {
        var (scenario, organizer) = await ScenarioAsync("export-lists");
        var baseUrl = $"/api/admin/campaigns/{scenario.CampaignId}";

        var totals = Encoding.UTF8.GetString((await Bytes(await organizer.GetAsync(baseUrl + "/exports/totals"), "text/csv"))[3..]).Split("\r\n");
        Assert.Equal("编号,名称/姓名,类别,状态,实时票数,已落库票数", totals[0]);
        Assert.Contains("2,乙窗口,优质服务窗口,有效,0,200", totals);
        using var candidates = SpreadsheetDocument.Open(new MemoryStream(await Bytes(await organizer.GetAsync(baseUrl + "/exports/candidates?format=xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")), false);
        var rows = Rows(candidates, "候选名单");
        Assert.Equal(["3", "丙窗口", "优质服务窗口", "荆门高新区·掇刀区", "", "", "已通过", "取消资格", "弄虚作假", "0", "50"], rows[3]);

        await ProblemAssert.IsProblemAsync(await organizer.GetAsync(baseUrl + "/exports/awards"), HttpStatusCode.NotFound, "results-not-published");
        var draft = Encoding.UTF8.GetString((await Bytes(await organizer.GetAsync(baseUrl + "/exports/awards?draft=true"), "text/plain"))[3..]);
        Assert.Equal(string.Join("\r\n",
            "荆门市2019年度“优质服务窗口、优质服务明星”评选拟表彰名单（草案，未发布）",
            "",
            "一、优质服务窗口（2个）",
            "=1+2合计",
            "乙窗口",
            "",
            "二、优质服务明星（1名）",
            "市人民医院　王芳",
            ""), draft);
        var awards = Encoding.UTF8.GetString((await Bytes(await organizer.GetAsync(baseUrl + "/exports/awards?draft=true&format=csv"), "text/csv"))[3..]);
        Assert.Equal("类别,序号,单位,姓名\r\n优质服务窗口,1,'=1+2合计,\r\n优质服务窗口,2,乙窗口,\r\n优质服务明星,1,市人民医院,王芳\r\n", awards);
        await ProblemAssert.IsProblemAsync(await organizer.GetAsync(baseUrl + "/exports/totals?format=pdf"), HttpStatusCode.BadRequest, "invalid-request");
    }

    private async Task<(ResultsScenario, HttpClient)> ScenarioAsync(string slug)
    {
        var scenario = await ResultsScenario.ImportAsync(factory, "jingmen-2019.json", slug);
        var a = await scenario.CandidateAsync("window", "1", "=1+2合计", "city");
        var b = await scenario.CandidateAsync("window", "2", "乙窗口", "city");
        var c = await scenario.CandidateAsync("window", "3", "丙窗口", "gaoxin-duodao");
        var s = await scenario.CandidateAsync("star", "4", "王芳", "city", "市人民医院");
        await scenario.VotesAsync(a, 300);
        await scenario.VotesAsync(b, 200);
        await scenario.VotesAsync(c, 50);
        await scenario.VotesAsync(s, 10);
        var (_, judge) = await scenario.JudgeAsync();
        await scenario.SubmitOverallAsync(judge, a, 80);
        await scenario.SubmitOverallAsync(judge, b, 90);
        await scenario.SubmitOverallAsync(judge, s, 70);
        await scenario.DisqualifyAsync(c, "弄虚作假");
        judge.Dispose();
        return (scenario, await scenario.ClientAsync(Roles.Organizer));
    }

    private static async Task<byte[]> Bytes(HttpResponseMessage response, string mediaType)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The sheet's cells as text, row by row, gaps filled with "".</summary>
    private static List<string[]> Rows(SpreadsheetDocument document, string sheetName)
    {
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Descendants<Sheet>().Single(s => s.Name == sheetName);
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
        return part.Worksheet.Descendants<Row>().Select(row =>
        {
            var cells = row.Elements<Cell>().ToDictionary(c => ColumnIndex(c.CellReference!.Value!), c => c.DataType?.Value == CellValues.InlineString
                ? c.InlineString!.Text!.Text
                : c.CellValue?.Text ?? "");
            var width = cells.Count == 0 ? 0 : cells.Keys.Max() + 1;
            return Enumerable.Range(0, width).Select(i => cells.GetValueOrDefault(i, "")).ToArray();
        }).ToList();
    }

    private static int ColumnIndex(string reference) => reference.TakeWhile(char.IsAsciiLetter).Aggregate(0, (n, ch) => (n * 26) + ch - 'A' + 1) - 1;
}
