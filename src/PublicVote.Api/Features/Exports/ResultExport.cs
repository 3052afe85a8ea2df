using PublicVote.Api.Features.Results;
using static PublicVote.Api.Features.Results.ResultNumbers;

namespace PublicVote.Api.Features.Exports;

/// <summary>A result as a spreadsheet: every line with its numbers and explanation, the excluded candidates, and the rules.</summary>
public static class ResultExport
{
    public static ExportTable Table(ResultTable result)
    {
        var entered = result.Rules.Sources.Where(s => s.Kind == "entered").ToArray();
        var headers = new List<string> { "类别", "名次", "编号", "名称/姓名", "单位", "推荐单位", "得票", "投票分", "评委打分", "评委汇总分", "评委分" };
        headers.AddRange(entered.Select(s => s.Name));
        headers.AddRange(["总分", "是否表彰", "说明"]);
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var category in result.Categories)
        {
            foreach (var line in category.Lines)
            {
                var row = new List<object?>
                {
                    category.Name, line.Rank, line.Number, line.Name, line.UnitName, line.DistrictName, line.Votes, line.VoteScore,
                    string.Join("；", line.Judges.Select(j => $"{j.Name} {Show(j.Total)}{(j.Dropped ? "（去掉）" : "")}")),
                    line.JudgeAggregate, line.JudgeScore,
                };
                row.AddRange(entered.Select(s => (object?)line.Entered.First(e => e.Code == s.Code).Weighted));
                row.AddRange([line.Total, line.Awarded ? "是" : "否", line.Explanation]);
                rows.Add(row);
            }
            foreach (var x in category.Excluded)
            {
                var row = new List<object?> { category.Name, null, x.Number, x.Name, x.UnitName, null, x.Votes, null, null, null, null };
                row.AddRange(entered.Select(_ => (object?)null));
                row.AddRange([null, x.Status == "withdrawn" ? "已退出" : "取消资格", x.Reason]);
                rows.Add(row);
            }
        }
        return new ExportTable([new ExportSheet("评选结果", headers, rows), Rules(result)]);
    }

    private static ExportSheet Rules(ResultTable result)
    {
        var rows = new List<IReadOnlyList<object?>>();
        rows.AddRange(result.Rules.Sources.Select(s => (IReadOnlyList<object?>)[$"评分来源 {s.Code}", $"{s.Name}（{s.Kind}），权重 {s.Weight}%"]));
        rows.Add(["投票分归一", result.Rules.VoteNormalisation]);
        rows.Add(["评委汇总方式", result.Rules.JudgeAggregation]);
        rows.Add(["评分细则满分", result.Rules.RubricTotal]);
        rows.Add(["取舍规则", result.Rules.Rounding]);
        rows.Add(["同分规则", result.Rules.TieRule]);
        rows.Add(["输入数据 SHA-256", result.InputsSha256]);
        rows.AddRange(result.Warnings.Select(w => (IReadOnlyList<object?>)["提示", w]));
        return new ExportSheet("计算规则", ["项目", "内容"], rows);
    }
}
