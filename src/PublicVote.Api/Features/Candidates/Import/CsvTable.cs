using CsvHelper;

namespace PublicVote.Api.Features.Candidates.Import;

/// <summary>
/// CSV (separator detected: comma, semicolon, tab or bar; quoted fields may hold line breaks) into rows. Rows are
/// numbered as a spreadsheet opening the file numbers them: empty lines count, a cell with line breaks is one row.
/// </summary>
internal static class CsvTable
{
    public static ImportTable Read(string text, string encoding)
    {
        var malformed = new Dictionary<long, CsvMalformedReason>();
        var options = CsvReaderOptions.Default with
        {
            HasHeader = false,
            SkipEmptyLines = false,
            OnMalformedRecord = record => malformed.TryAdd(record.RecordNumber, record.Reason),
        };
        using var reader = CsvReader.FromText(text, options);
        var rows = new List<ImportRow>();
        while (reader.Read())
        {
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = reader.GetString(i) ?? "";
            }
            var line = (int)reader.RowNumber;
            rows.Add(new ImportRow(line, cells, malformed.TryGetValue(line, out var reason) ? Describe(reason) : null));
        }
        if (rows.Count == 0)
        {
            throw new ImportFileException("The file is empty: the first row must be the header (编号, 姓名/名称, 类别, ...).");
        }
        return new ImportTable($"csv ({encoding})", rows[0].Cells, rows.Skip(1).ToArray());
    }

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.UnterminatedQuote => "a quoted cell is never closed (it runs to the end of the file)",
        _ => "stray quotes: a cell with quotes must be quoted as a whole, with inner quotes doubled",
    };
}
