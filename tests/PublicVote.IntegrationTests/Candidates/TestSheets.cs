using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace PublicVote.IntegrationTests.Candidates;

/// <summary>Builds .xlsx files as Excel writes them: text in the shared-string table, dates as numbers with a date style.</summary>
public static class TestSheets
{
    public static byte[] Xlsx(string[] header, object[][] rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            // Style 0: general; style 1: built-in date format 14 (yyyy/m/d).
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font()), new Fills(new Fill()), new Borders(new Border()),
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            sheetPart.Worksheet = new Worksheet(data);
            var all = new[] { header.Cast<object>().ToArray() }.Concat(rows).ToArray();
            for (var r = 0; r < all.Length; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var col = 0; col < all[r].Length; col++)
                {
                    var reference = (char)('A' + col) + (r + 1).ToString(CultureInfo.InvariantCulture);
                    switch (all[r][col])
                    {
                        case DateTime date:
                            row.Append(new Cell { CellReference = reference, StyleIndex = 1, CellValue = new CellValue(date.ToOADate().ToString(CultureInfo.InvariantCulture)) });
                            break;
                        case string text when text.Length > 0:
                            strings.SharedStringTable.Append(new SharedStringItem(new Text(text)));
                            var index = strings.SharedStringTable.ChildElements.Count - 1;
                            row.Append(new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index.ToString(CultureInfo.InvariantCulture)) });
                            break;
                    }
                }
                data.Append(row);
            }
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "候选人" });
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }
}
