using System.Net;
using System.Text;

namespace PublicVote.LoadTests.Reporting;

public static class ReportRenderers
{
    public static string Markdown(IReadOnlyList<Block> blocks)
    {
        var md = new StringBuilder();
        foreach (var block in blocks)
        {
            switch (block)
            {
                case Heading h:
                    md.Append('#', h.Level).Append(' ').AppendLine(h.Text).AppendLine();
                    break;
                case Paragraph p:
                    md.AppendLine(p.Loud ? $"**{p.Text}**" : p.Text).AppendLine();
                    break;
                case TableBlock t:
                    md.AppendLine("| " + string.Join(" | ", t.Header.Select(Cell)) + " |");
                    md.AppendLine("|" + string.Concat(t.Header.Select(_ => "---|")));
                    foreach (var row in t.Rows)
                    {
                        md.AppendLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
                    }
                    md.AppendLine();
                    break;
                case Chart c:
                    md.AppendLine($"![{Path.GetFileNameWithoutExtension(c.File)}]({c.File})").AppendLine();
                    break;
            }
        }
        return md.ToString();
    }

    public static string Html(IReadOnlyList<Block> blocks)
    {
        var html = new StringBuilder("""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>PublicVote load test</title>
            <style>body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:.5em 0 1em}
            td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f4f4f4}td:first-child{text-align:left}
            .loud{color:#b00;font-weight:bold}code{background:#f4f4f4}</style></head><body>

            """);
        foreach (var block in blocks)
        {
            switch (block)
            {
                case Heading h:
                    html.Append($"<h{h.Level}>{Inline(h.Text)}</h{h.Level}>\n");
                    break;
                case Paragraph p:
                    html.Append(p.Loud ? $"<p class=\"loud\">{Inline(p.Text)}</p>\n" : $"<p>{Inline(p.Text)}</p>\n");
                    break;
                case TableBlock t:
                    html.Append("<table><tr>").Append(string.Concat(t.Header.Select(c => $"<th>{Inline(c)}</th>"))).Append("</tr>\n");
                    foreach (var row in t.Rows)
                    {
                        html.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{Inline(c)}</td>"))).Append("</tr>\n");
                    }
                    html.Append("</table>\n");
                    break;
                case Chart c:
                    html.Append("<figure>").Append(c.Svg).Append("</figure>\n");
                    break;
            }
        }
        return html.Append("</body></html>\n").ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>HTML-escaped, with Markdown's `code` spans kept as code.</summary>
    private static string Inline(string text)
    {
        var parts = WebUtility.HtmlEncode(text).Split('`');
        var sb = new StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            sb.Append(i % 2 == 1 ? $"<code>{parts[i]}</code>" : parts[i]);
        }
        return sb.ToString();
    }
}
