namespace PublicVote.Api.Features.Candidates.Import;

/// <param name="Line">The row's number as a spreadsheet shows it (the header is row 1).</param>
/// <param name="Problem">Why the row could not be read as written (e.g. stray quotes), if so.</param>
public sealed record ImportRow(int Line, IReadOnlyList<string> Cells, string? Problem = null)
{
    public string Cell(int column) => column < Cells.Count ? Cells[column].Trim() : "";

    public bool IsBlank => Cells.All(string.IsNullOrWhiteSpace);
}

/// <param name="Format">csv (with the encoding it was read in) or xlsx.</param>
public sealed record ImportTable(string Format, IReadOnlyList<string> Header, IReadOnlyList<ImportRow> Rows);

/// <summary>Reads an uploaded candidate file into rows, by its content: .xlsx (a ZIP) or CSV text in UTF-8 or GBK.</summary>
public static class ImportFiles
{
    public static ImportTable Read(byte[] content)
    {
        if (content.AsSpan().StartsWith("PK\u0003\u0004"u8))
        {
            return XlsxTable.Read(content);
        }
        if (content.AsSpan().StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0 }))
        {
            throw new ImportFileException("This is an old Excel .xls file: save it as .xlsx or as CSV.");
        }
        var (text, encoding) = TextDecoding.Decode(content);
        return CsvTable.Read(text, encoding);
    }
}

/// <summary>The file as a whole cannot be read (not CSV or .xlsx, no header, too many rows).</summary>
public sealed class ImportFileException(string message) : Exception(message);
