using System.Text;
using PublicVote.Api.Features.Results;
using static PublicVote.Api.Features.Results.ResultNumbers;

namespace PublicVote.Api.Features.Exports;

/// <summary>
/// The award list as a 表彰 notice lists it: a heading per category (一、优质服务窗口（5个）) and one line per winner
/// in rank order — the unit for a unit or brand category, 单位 then 姓名 for a person.
/// </summary>
public static class AwardNotice
{
    /// <param name="Title">The heading line, e.g. the campaign name and 表彰名单.</param>
    public static string Text(ResultTable result, string title)
    {
        var text = new StringBuilder().Append(title).Append("\r\n");
        var n = 0;
        foreach (var category in result.Categories)
        {
            var winners = category.Lines.Where(l => l.Awarded).ToArray();
            text.Append("\r\n").Append($"{ChineseOrdinal(++n)}、{category.Name}（{winners.Length}{Counter(category.Kind)}）").Append("\r\n");
            foreach (var line in winners)
            {
                text.Append(category.Kind == "person" ? $"{line.UnitName ?? ""}　{line.Name}" : line.Name).Append("\r\n");
            }
        }
        return text.ToString();
    }

    /// <summary>A flat list (类别, 序号, 单位, 姓名) for CSV; the .xlsx adds the notice layout as a second sheet.</summary>
    public static ExportTable Table(ResultTable result, string title)
    {
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var category in result.Categories)
        {
            var i = 0;
            foreach (var line in category.Lines.Where(l => l.Awarded))
            {
                rows.Add(category.Kind == "person"
                    ? [category.Name, ++i, line.UnitName, line.Name]
                    : [category.Name, ++i, line.Name, null]);
            }
        }
        var layout = Text(result, title).Split("\r\n").SkipLast(1).Skip(1).Select(l => (IReadOnlyList<object?>)[l]).ToArray();
        return new ExportTable([new ExportSheet("表彰名单", ["类别", "序号", "单位", "姓名"], rows), new ExportSheet("表彰通知", [title], layout)]);
    }

    private static string Counter(string kind) => kind == "person" ? "名" : "个";
}
