namespace PublicVote.Api.Features.Candidates.Import;

/// <summary>One problem in one row: the column (as the header names it) and what is wrong.</summary>
public sealed record ImportError(string Column, string Message);

/// <summary>
/// The header row: the fixed columns (编号, 姓名/名称, 类别, 推荐单位, 单位, 职务, 宣言, 荣誉, 事迹材料) and the form
/// fields of the campaign's categories, by their labels. Spaces and required-marks (*) in a header are ignored; a
/// label that is both (姓名 on a person's form) fills both.
/// </summary>
internal sealed class ImportColumns
{
    public const string Number = "number";
    public const string Name = "name";
    public const string Category = "category";
    public const string District = "district";

    /// <summary>The candidate's own columns, by the property they fill, with the headers accepted for each (first = the documented one).</summary>
    public static readonly IReadOnlyList<(string Property, string[] Labels)> Fixed =
    [
        (Number, ["编号"]),
        (Name, ["姓名/名称", "姓名", "名称", "姓名（名称）", "姓名(名称)"]),
        (Category, ["类别"]),
        (District, ["推荐单位"]),
        ("unitName", ["单位"]),
        ("post", ["职务"]),
        ("slogan", ["宣言"]),
        ("honours", ["荣誉"]),
        ("materials", ["事迹材料"]),
    ];

    private readonly Dictionary<string, int> _fixed;
    private readonly Dictionary<string, int> _labels;
    private readonly IReadOnlyList<string> _header;

    private ImportColumns(IReadOnlyList<string> header, Dictionary<string, int> fixedColumns, Dictionary<string, int> labels)
    {
        _header = header;
        _fixed = fixedColumns;
        _labels = labels;
    }

    public static (ImportColumns? Columns, List<string> Errors) Map(IReadOnlyList<string> header, NominationRules rules)
    {
        var errors = new List<string>();
        var formLabels = rules.Categories.SelectMany(c => c.Fields).Select(f => Normalize(f.Label)).ToHashSet(StringComparer.Ordinal);
        var fixedColumns = new Dictionary<string, int>(StringComparer.Ordinal);
        var labels = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var column = 0; column < header.Count; column++)
        {
            var label = Normalize(header[column]);
            if (label.Length == 0)
            {
                continue;
            }
            var property = Fixed.FirstOrDefault(f => f.Labels.Contains(label)).Property;
            var known = false;
            if (property is not null)
            {
                known = true;
                if (!fixedColumns.TryAdd(property, column))
                {
                    errors.Add($"column {column + 1} '{header[column]}' repeats column {fixedColumns[property] + 1}");
                    continue;
                }
            }
            if (formLabels.Contains(label))
            {
                known = true;
                if (!labels.TryAdd(label, column) && property is null)
                {
                    errors.Add($"column {column + 1} '{header[column]}' repeats column {labels[label] + 1}");
                }
            }
            if (!known)
            {
                errors.Add($"column {column + 1} '{header[column]}' is neither one of {string.Join(", ", Fixed.Select(f => f.Labels[0]))} nor a form label of this campaign's categories");
            }
        }
        foreach (var required in new[] { Number, Name, Category }.Concat(rules.Districts.Count > 0 ? [District] : []))
        {
            if (!fixedColumns.ContainsKey(required))
            {
                errors.Add($"the column '{Fixed.First(f => f.Property == required).Labels[0]}' is missing");
            }
        }
        return errors.Count > 0 ? (null, errors) : (new ImportColumns(header, fixedColumns, labels), errors);
    }

    public string? Value(ImportRow row, string property) => _fixed.TryGetValue(property, out var column) ? row.Cell(column) : null;

    public int? LabelColumn(string label) => _labels.TryGetValue(Normalize(label), out var column) ? column : null;

    /// <summary>Form columns of the file with a value in this row.</summary>
    public IEnumerable<(string Header, int Column)> FilledFormColumns(ImportRow row) =>
        _labels.Values.Where(c => row.Cell(c).Length > 0 && !_fixed.ContainsValue(c)).Select(c => (_header[c].Trim(), c));

    /// <summary>The header a validation error's field came from, as the file writes it.</summary>
    public string HeaderOf(string field, CategoryRule? category)
    {
        if (field.StartsWith("fields.", StringComparison.Ordinal) && category?.Fields.FirstOrDefault(f => "fields." + f.Key == field) is { } formField)
        {
            return LabelColumn(formField.Label) is { } c ? _header[c].Trim() : formField.Label;
        }
        var property = field switch
        {
            "categoryId" => Category,
            "districtId" => District,
            _ => field,
        };
        return _fixed.TryGetValue(property, out var column) ? _header[column].Trim()
            : Fixed.FirstOrDefault(f => f.Property == property).Labels?[0] ?? field;
    }

    public static string Normalize(string header) =>
        new string(header.Where(c => !char.IsWhiteSpace(c) && c is not '*' and not '＊').ToArray()).TrimEnd(':', '：');
}
