using System.Globalization;
using System.Text;

namespace PublicVote.Api.Features.Exports;

/// <summary>
/// CSV as Excel opens it in China: UTF-8 with a BOM (else Excel reads GBK and garbles the Chinese), CRLF lines,
/// RFC 4180 quoting. Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
/// apostrophe: candidate names come from the public.
/// </summary>
public static class CsvExport
{
    public static byte[] Write(ExportSheet sheet)
    {
        var text = new StringBuilder();
        AppendRow(text, sheet.Headers);
        foreach (var row in sheet.Rows)
        {
            AppendRow(text, row);
        }
        var bom = Encoding.UTF8.GetPreamble();
        var body = Encoding.UTF8.GetBytes(text.ToString());
        return [.. bom, .. body];
    }

    private static void AppendRow(StringBuilder text, IEnumerable<object?> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                text.Append(',');
            }
            first = false;
            text.Append(Field(cell));
        }
        text.Append("\r\n");
    }

    private static string Field(object? cell) => cell switch
    {
        null => "",
        string s => Quote(Defuse(s)),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(Defuse(cell.ToString() ?? "")),
    };

    internal static string Defuse(string s) => s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + s : s;

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
