using Microsoft.AspNetCore.Http.HttpResults;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Exports;

public enum ExportFormat
{
    Json,
    Csv,
    Xlsx,
}

public static class ExportFormats
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary><c>?format=</c>: json (where allowed, the default there), csv (the default elsewhere) or xlsx; null if unknown.</summary>
    public static ExportFormat? Parse(string? value, bool allowJson) => value?.ToLowerInvariant() switch
    {
        null or "" => allowJson ? ExportFormat.Json : ExportFormat.Csv,
        "json" when allowJson => ExportFormat.Json,
        "csv" => ExportFormat.Csv,
        "xlsx" => ExportFormat.Xlsx,
        _ => null,
    };

    public static ProblemHttpResult Invalid(bool allowJson) =>
        Problems.Of(400, Problems.InvalidRequest, "Unknown format.", allowJson ? "format is json, csv or xlsx." : "format is csv or xlsx.");

    /// <summary>The table as a download named <paramref name="baseName"/>.csv or .xlsx (CSV: the first sheet).</summary>
    public static FileContentHttpResult File(ExportTable table, ExportFormat format, string baseName) => format == ExportFormat.Xlsx
        ? TypedResults.File(XlsxExport.Write(table), XlsxContentType, baseName + ".xlsx")
        : TypedResults.File(CsvExport.Write(table.Sheets[0]), CsvContentType, baseName + ".csv");
}
