namespace PublicVote.Api.Features.Exports;

/// <summary>
/// One sheet of an export: Chinese headers and rows of cells. A cell is a string, a whole number, a decimal or null;
/// numbers stay numbers in .xlsx.
/// </summary>
public sealed record ExportSheet(string Name, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>An export of one or more sheets; CSV carries the first (each CSV export is built with one sheet).</summary>
public sealed record ExportTable(IReadOnlyList<ExportSheet> Sheets)
{
    public ExportTable(ExportSheet sheet)
        : this([sheet])
    {
    }
}
