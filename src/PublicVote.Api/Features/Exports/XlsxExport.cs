using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace PublicVote.Api.Features.Exports;

/// <summary>.xlsx with DocumentFormat.OpenXml: one worksheet per sheet, inline strings, numbers as numbers, a frozen header row.</summary>
public static class XlsxExport
{
    public static byte[] Write(ExportTable table)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < table.Sheets.Count; i++)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                part.Worksheet = Worksheet(table.Sheets[i]);
                sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)(i + 1), Name = SheetName(table.Sheets[i].Name, i, used) });
            }
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static Worksheet Worksheet(ExportSheet sheet)
    {
        var data = new SheetData();
        data.Append(Row(1, sheet.Headers));
        for (var r = 0; r < sheet.Rows.Count; r++)
        {
            data.Append(Row((uint)(r + 2), sheet.Rows[r]));
        }
        var frozen = new SheetViews(new SheetView(
            new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
        { WorkbookViewId = 0 });
        return new Worksheet(frozen, data);
    }

    private static Row Row(uint index, IEnumerable<object?> cells)
    {
        var row = new Row { RowIndex = index };
        var column = 0;
        foreach (var value in cells)
        {
            column++;
            if (value is null)
            {
                continue;
            }
            var cell = new Cell { CellReference = ColumnName(column) + index.ToString(CultureInfo.InvariantCulture) };
            switch (value)
            {
                case string s:
                    cell.DataType = CellValues.InlineString;
                    cell.InlineString = new InlineString(new Text(s) { Space = SpaceProcessingModeValues.Preserve });
                    break;
                case decimal or int or long:
                    cell.DataType = CellValues.Number;
                    cell.CellValue = new CellValue(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture));
                    break;
                default:
                    cell.DataType = CellValues.InlineString;
                    cell.InlineString = new InlineString(new Text(value.ToString() ?? ""));
                    break;
            }
            row.Append(cell);
        }
        return row;
    }

    public static string ColumnName(int column)
    {
        var name = "";
        for (; column > 0; column = (column - 1) / 26)
        {
            name = (char)('A' + ((column - 1) % 26)) + name;
        }
        return name;
    }

    /// <summary>Excel's sheet-name rules: 1-31 characters, none of []:*?/\, unique.</summary>
    private static string SheetName(string wanted, int index, HashSet<string> used)
    {
        var name = new string(wanted.Where(ch => "[]:*?/\\".IndexOf(ch, StringComparison.Ordinal) < 0).ToArray()).Trim('\'');
        name = name.Length == 0 ? $"Sheet{index + 1}" : name[..Math.Min(name.Length, 31)];
        var unique = name;
        for (var n = 2; !used.Add(unique); n++)
        {
            var suffix = $"({n})";
            unique = name[..Math.Min(name.Length, 31 - suffix.Length)] + suffix;
        }
        return unique;
    }
}
