using Npgsql;

namespace PublicVote.Api.Features.Candidates.Import;

public sealed record ImportedRow(int Line, CandidateDraft Draft);

/// <summary>What checking a file found: the rows as drafts, the problems per line, or problems with the file itself.</summary>
public sealed class ImportCheck
{
    public List<string> FileErrors { get; } = [];
    public List<ImportedRow> Rows { get; } = [];
    public SortedDictionary<int, List<ImportError>> RowErrors { get; } = [];

    public bool IsValid => FileErrors.Count == 0 && RowErrors.Count == 0;

    public void Add(int line, ImportError error)
    {
        if (!RowErrors.TryGetValue(line, out var list))
        {
            RowErrors[line] = list = [];
        }
        list.Add(error);
    }
}

/// <summary>
/// Checks an import file row by row against the campaign, then against what is stored (numbers taken, quotas, in
/// file order): every bad row is reported, and only a file without any is imported (docs/candidates.md).
/// </summary>
internal static class CandidateImporter
{
    public const int MaxRows = 5000;

    public static ImportCheck Check(ImportTable table, NominationRules rules)
    {
        var check = new ImportCheck();
        var (columns, headerErrors) = ImportColumns.Map(table.Header, rules);
        check.FileErrors.AddRange(headerErrors);
        var rows = table.Rows.Where(r => !r.IsBlank).ToArray();
        if (rows.Length == 0)
        {
            check.FileErrors.Add("the file has a header but no candidate rows");
        }
        if (rows.Length > MaxRows)
        {
            check.FileErrors.Add($"the file has {rows.Length} rows; import at most {MaxRows} at a time");
        }
        if (columns is null || check.FileErrors.Count > 0)
        {
            return check;
        }
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var (draft, errors) = ReadRow(row, columns, rules);
            foreach (var error in errors)
            {
                check.Add(row.Line, error);
            }
            if (draft is null)
            {
                continue;
            }
            if (numbers.TryGetValue(draft.Number, out var first))
            {
                check.Add(row.Line, new(columns.HeaderOf("number", null), $"'{draft.Number}' is also on line {first}"));
                continue;
            }
            numbers[draft.Number] = row.Line;
            check.Rows.Add(new(row.Line, draft));
        }
        return check;
    }

    /// <summary>Numbers already taken and quotas, in file order, on top of the stored candidates; run after the category locks.</summary>
    public static async Task CheckStoredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NominationRules rules, ImportTable table, ImportCheck check)
    {
        var (columns, _) = ImportColumns.Map(table.Header, rules);
        var taken = await CandidateRepository.ExistingNumbersAsync(connection, transaction, rules.CampaignId, check.Rows.Select(r => r.Draft.Number).ToArray());
        foreach (var row in check.Rows.Where(r => taken.Contains(r.Draft.Number)))
        {
            check.Add(row.Line, new(columns!.HeaderOf("number", null), $"'{row.Draft.Number}' is taken by a candidate of this campaign"));
        }
        var breaches = await CandidateQuotas.CheckAsync(connection, transaction, rules, check.Rows.Select(r => r.Draft).ToArray());
        foreach (var (index, breach) in breaches)
        {
            var column = columns!.HeaderOf(breach.Kind == QuotaBreach.District ? "districtId" : "unitName", null);
            check.Add(check.Rows[index].Line, new(column, $"over the quota: {breach.Describe()}"));
        }
    }

    private static (CandidateDraft? Draft, List<ImportError> Errors) ReadRow(ImportRow row, ImportColumns columns, NominationRules rules)
    {
        var errors = new List<ImportError>();
        if (row.Problem is { } problem)
        {
            errors.Add(new("", problem));
        }
        var category = Resolve(columns.Value(row, ImportColumns.Category), rules.Categories.Select(c => (c.Id, c.Code, c.Name)).ToArray(),
            columns.HeaderOf("categoryId", null), "category", errors) is { } categoryId ? rules.Category(categoryId) : null;
        var districtId = rules.Districts.Count == 0 ? null
            : Resolve(columns.Value(row, ImportColumns.District), rules.Districts.Select(d => (d.Id, d.Code, d.Name)).ToArray(),
                columns.HeaderOf("districtId", null), "recommending unit (推荐单位)", errors);
        var fields = new Dictionary<string, RawValue>(StringComparer.Ordinal);
        if (category is not null)
        {
            foreach (var field in category.Fields)
            {
                if (columns.LabelColumn(field.Label) is { } column)
                {
                    fields[field.Key] = new RawValue(row.Cell(column));
                }
            }
            var own = category.Fields.Select(f => columns.LabelColumn(f.Label)).ToHashSet();
            foreach (var (header, _) in columns.FilledFormColumns(row).Where(c => !own.Contains(c.Column)))
            {
                errors.Add(new(header, $"is not on the form of '{category.Name}'; leave it empty in this row"));
            }
        }
        var raw = new RawCandidate(columns.Value(row, ImportColumns.Number), columns.Value(row, ImportColumns.Name), category?.Id, districtId,
            columns.Value(row, "unitName"), columns.Value(row, "post"), columns.Value(row, "slogan"), columns.Value(row, "materials"),
            columns.Value(row, "honours"), fields);
        var (draft, invalid) = CandidateValidator.Validate(raw, rules);
        // An unresolved category or district is already reported above, with the value that did not match.
        foreach (var error in invalid.Where(e => !(e.Field == "categoryId" && category is null) && !(e.Field == "districtId" && districtId is null)))
        {
            errors.Add(new(columns.HeaderOf(error.Field, category), error.Message));
        }
        return (errors.Count == 0 ? draft : null, errors);
    }

    /// <summary>A category or district named by its name or its code.</summary>
    private static long? Resolve(string? value, (long Id, string Code, string Name)[] choices, string header, string what, List<ImportError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(new(header, "is required"));
            return null;
        }
        var match = choices.FirstOrDefault(c => c.Name == value || c.Code == value);
        if (match.Name is null)
        {
            errors.Add(new(header, $"'{value}' is not a {what} of this campaign: one of {string.Join(", ", choices.Select(c => c.Name))}"));
            return null;
        }
        return match.Id;
    }
}
