using System.Text;

namespace PublicVote.Api.Features.Candidates;

/// <summary>Trimming and length checks for entered text. Blank counts as absent.</summary>
internal static class Text
{
    /// <summary>Characters as PostgreSQL's <c>length()</c> counts them (a CJK extension character is one).</summary>
    public static int Length(string value) => value.EnumerateRunes().Count();

    /// <summary>One line: no line breaks or other control characters.</summary>
    public static string? Line(string? value, string field, int max, bool required, List<FieldError> errors) =>
        Check(value?.Trim(), field, max, required, multiline: false, errors);

    /// <summary>A block of text: line breaks (normalised to \n) and tabs are kept.</summary>
    public static string? Block(string? value, string field, int max, bool required, List<FieldError> errors) =>
        Check(value?.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim(), field, max, required, multiline: true, errors);

    public static string CollapseSpaces(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (!char.IsWhiteSpace(c) || builder.Length == 0 || !char.IsWhiteSpace(builder[^1]))
            {
                builder.Append(char.IsWhiteSpace(c) ? ' ' : c);
            }
        }
        return builder.ToString();
    }

    private static string? Check(string? value, string field, int max, bool required, bool multiline, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                errors.Add(new(field, "is required"));
            }
            return null;
        }
        if (value.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\t')))
        {
            errors.Add(new(field, multiline ? "contains control characters" : "must be one line without control characters"));
            return null;
        }
        var length = Length(value);
        if (length > max)
        {
            errors.Add(new(field, $"is {length} characters long; at most {max}"));
            return null;
        }
        return value;
    }
}
