using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace PublicVote.Api.Features.Candidates.Import;

/// <summary>
/// The first worksheet of an .xlsx into rows: shared and inline strings, numbers as Excel stores them, and
/// date-formatted numbers as dates (yyyy-MM-dd), so a 出生年月 typed as a date in Excel reads as one.
/// </summary>
internal static class XlsxTable
{
    // Excel's built-in date formats, including the East Asian ones (27-36, 50-58).
    private static readonly HashSet<uint> DateFormatIds = [14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58];

    public static ImportTable Read(byte[] content)
    {
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var document = SpreadsheetDocument.Open(stream, false);
            var workbook = document.WorkbookPart ?? throw new ImportFileException("The .xlsx has no workbook.");
            var sheet = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault()
                ?? throw new ImportFileException("The .xlsx has no worksheet.");
            var worksheet = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
            var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(Text).ToArray() ?? [];
            var dateStyles = DateStyles(workbook.WorkbookStylesPart?.Stylesheet);
            var rows = new List<ImportRow>();
            var line = 0;
            foreach (var row in worksheet.Worksheet.Descendants<Row>())
            {
                line = row.RowIndex?.Value is { } index ? (int)index : line + 1;
                var cells = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : cells.Count;
                    while (cells.Count < column)
                    {
                        cells.Add("");
                    }
                    cells.Add(Value(cell, shared, dateStyles));
                }
                rows.Add(new ImportRow(line, cells));
            }
            if (rows.Count == 0 || rows[0].IsBlank)
            {
                throw new ImportFileException("The first row of the first worksheet must be the header (编号, 姓名/名称, 类别, ...).");
            }
            return new ImportTable("xlsx", rows[0].Cells, rows.Skip(1).ToArray());
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or FileFormatException or System.Xml.XmlException or ArgumentOutOfRangeException)
        {
            throw new ImportFileException($"The file looks like .xlsx but cannot be read: {ex.Message}");
        }
    }

    private static string Value(Cell cell, string[] shared, HashSet<uint> dateStyles)
    {
        var raw = cell.CellValue?.Text ?? "";
        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Length ? shared[i] : "";
        }
        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString is { } inline ? Text(inline) : "";
        }
        if (cell.DataType?.Value == CellValues.Boolean)
        {
            return raw == "1" ? "TRUE" : "FALSE";
        }
        if (cell.DataType is null && cell.StyleIndex?.Value is { } style && dateStyles.Contains(style)
            && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 0 and < 2_958_466)
        {
            return DateTime.FromOADate(serial).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        return raw;
    }

    /// <summary>The text of a shared or inline string: its plain text, or its rich-text runs (never the phonetic guide).</summary>
    private static string Text(DocumentFormat.OpenXml.OpenXmlElement item) =>
        item.GetFirstChild<DocumentFormat.OpenXml.Spreadsheet.Text>()?.Text
        ?? string.Concat(item.Elements<Run>().Select(r => r.Text?.Text));

    /// <summary>Indexes (into cellXfs) of the cell styles that show a number as a date.</summary>
    private static HashSet<uint> DateStyles(Stylesheet? styles)
    {
        var custom = styles?.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null && IsDateFormat(f.FormatCode?.Value))
            .Select(f => f.NumberFormatId!.Value)
            .ToHashSet() ?? [];
        var result = new HashSet<uint>();
        var index = 0u;
        foreach (var format in styles?.CellFormats?.Elements<CellFormat>() ?? [])
        {
            if (format.NumberFormatId?.Value is { } id && (DateFormatIds.Contains(id) || custom.Contains(id)))
            {
                result.Add(index);
            }
            index++;
        }
        return result;
    }

    private static bool IsDateFormat(string? code)
    {
        if (code is null)
        {
            return false;
        }
        // Drop quoted literals and [colour]/[locale] parts before looking for date letters.
        var plain = System.Text.RegularExpressions.Regex.Replace(code, "\"[^\"]*\"|\\[[^\\]]*\\]", "");
        return plain.IndexOfAny(['y', 'Y', 'd', 'D']) >= 0 || (plain.Contains('m', StringComparison.Ordinal) && !plain.Contains('h', StringComparison.Ordinal));
    }

    private static int ColumnIndex(string reference)
    {
        var column = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetter))
        {
            column = (column * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }
        return column - 1;
    }
}
