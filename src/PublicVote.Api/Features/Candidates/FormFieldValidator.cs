using System.Globalization;
using System.Text.RegularExpressions;

namespace PublicVote.Api.Features.Candidates;

/// <summary>
/// Checks the category's form fields (campaign definition <c>formFields</c>): required, type, length, choices.
/// Dates and months are accepted as organizers write them (2019-05-01, 2019/5/1, 2019.5, 2019年5月) and stored
/// canonical (2019-05-01, 2019-05).
/// </summary>
internal static partial class FormFieldValidator
{
    public const int TextDefaultMax = 200;
    public const int TextareaDefaultMax = 5000;

    private static readonly string[] DateFormats = ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日", "yyyyMMdd"];
    private static readonly string[] MonthFormats = ["yyyy-M", "yyyy/M", "yyyy.M", "yyyy年M月", "yyyyMM"];
    private static readonly char[] ChoiceSeparators = ['、', ',', '，', ';', '；', '|', '\n'];

    /// <param name="common">The candidate's own values (name, unitName, ...): a form field with the same key that was left out takes it.</param>
    public static void Check(CategoryRule category, IReadOnlyDictionary<string, RawValue> given, IReadOnlyDictionary<string, string?> common,
        SortedDictionary<string, object> values, List<FieldError> errors)
    {
        foreach (var key in given.Keys.Where(k => category.Fields.All(f => f.Key != k)).Order(StringComparer.Ordinal))
        {
            errors.Add(new("fields." + key, $"is not a field of the form of '{category.Name}'"));
        }
        foreach (var field in category.Fields)
        {
            var raw = given.GetValueOrDefault(field.Key);
            if (raw.IsMissing && common.GetValueOrDefault(field.Key) is { } same)
            {
                raw = new RawValue(same);
            }
            var name = $"fields.{field.Key}";
            if (raw.TypeError is { } typeError)
            {
                errors.Add(new(name, $"({field.Label}) {typeError}"));
            }
            else if (raw.IsMissing)
            {
                if (field.Required)
                {
                    errors.Add(new(name, $"({field.Label}) is required"));
                }
            }
            else if (Parse(field, raw, out var error) is { } value)
            {
                values[field.Key] = value;
            }
            else
            {
                errors.Add(new(name, $"({field.Label}) {error}"));
            }
        }
    }

    private static object? Parse(FormFieldRule field, RawValue raw, out string error)
    {
        error = "";
        if (field.Type != "multiChoice" && raw.Items is not null)
        {
            error = "must be text, not a list";
            return null;
        }
        var text = raw.Text?.Trim() ?? "";
        switch (field.Type)
        {
            case "text":
            case "textarea":
            {
                var errors = new List<FieldError>();
                var max = field.MaxLength ?? (field.Type == "text" ? TextDefaultMax : TextareaDefaultMax);
                var checkedText = field.Type == "text" ? Text.Line(text, "", max, true, errors) : Text.Block(raw.Text, "", max, true, errors);
                error = errors.Count > 0 ? errors[0].Message : "";
                return checkedText;
            }
            case "phone":
                if (!PhonePattern().IsMatch(text) || (field.MaxLength is { } phoneMax && text.Length > phoneMax))
                {
                    error = "must be a phone number (digits, optionally +, spaces, '-', parentheses)";
                    return null;
                }
                return text;
            case "number":
                if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
                {
                    return number;
                }
                error = "must be a number";
                return null;
            case "date":
                if (DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year is >= 1900 and <= 2100)
                {
                    return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                }
                error = "must be a date such as 2019-05-01";
                return null;
            case "month":
                if ((DateOnly.TryParseExact(text, MonthFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
                     || DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out month))
                    && month.Year is >= 1900 and <= 2100)
                {
                    return month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
                }
                error = "must be a month such as 1990-05";
                return null;
            case "choice":
                if (field.Options.Contains(text))
                {
                    return text;
                }
                error = $"must be one of {string.Join(", ", field.Options)}";
                return null;
            case "multiChoice":
                var items = (raw.Items ?? text.Split(ChoiceSeparators)).Select(i => i.Trim()).Where(i => i.Length > 0).Distinct().ToArray();
                if (items.Length > 0 && items.All(field.Options.Contains))
                {
                    return items;
                }
                error = $"must be one or more of {string.Join(", ", field.Options)}";
                return null;
            default:
                error = $"has the unknown type '{field.Type}'";
                return null;
        }
    }

    [GeneratedRegex(@"^\+?[0-9(][0-9 ()\-]{4,24}$")]
    private static partial Regex PhonePattern();
}
