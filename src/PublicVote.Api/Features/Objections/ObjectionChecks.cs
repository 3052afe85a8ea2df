using System.Text;
using System.Text.RegularExpressions;

namespace PublicVote.Api.Features.Objections;

/// <summary>
/// The public objection form's input rules (docs/objections.md): every broken rule is reported, each with a stable
/// code. Spam gets the same answer as any other bad input, so the checks teach a spammer nothing beyond the docs.
/// </summary>
public static partial class ObjectionChecks
{
    public const int MaxNameChars = 50;

    /// <summary>Letters and digits (CJK characters are letters) an objection must have outside its links.</summary>
    public const int MinMeaningfulChars = 5;

    /// <summary>One character this many times in a row is not an objection.</summary>
    public const int MaxRun = 8;

    public static (ObjectionDraft? Draft, IReadOnlyList<FieldError> Errors) Check(ObjectionRequest request, ObjectionOptions options)
    {
        var errors = new List<FieldError>();
        if (request.CandidateId is not > 0)
        {
            errors.Add(new("candidateId", "required", "candidateId: the id of a candidate on the public list."));
        }
        var text = PlainText.Normalize(request.Text ?? "");
        if (text.Length == 0)
        {
            errors.Add(new("text", "required", "text: say what the objection is about."));
        }
        else if (TextError(text, options) is { } error)
        {
            errors.Add(error);
        }
        var name = Optional(request.ContactName);
        if (name is not null && PlainText.Length(name) > MaxNameChars)
        {
            errors.Add(new("contactName", "too-long", $"contactName: at most {MaxNameChars} characters."));
        }
        else if (name is not null && !PlainText.IsClean(name, multiLine: false))
        {
            errors.Add(new("contactName", "control-characters", "contactName: one line of text without control characters."));
        }
        var phone = Optional(request.ContactPhone);
        if (phone is not null && !PhonePattern().IsMatch(phone))
        {
            errors.Add(new("contactPhone", "phone-format",
                "contactPhone: a mainland mobile number (13812345678, +86 allowed) or a landline (0724-2372245, or 2372245 locally)."));
        }
        return errors.Count > 0 ? (null, errors) : (new ObjectionDraft(request.CandidateId!.Value, text, name, phone), errors);
    }

    private static FieldError? TextError(string text, ObjectionOptions options)
    {
        var length = PlainText.Length(text);
        if (length < options.MinTextChars)
        {
            return new("text", "too-short", $"text: at least {options.MinTextChars} characters.");
        }
        if (length > options.MaxTextChars)
        {
            return new("text", "too-long", $"text: at most {options.MaxTextChars} characters.");
        }
        if (!PlainText.IsClean(text, multiLine: true))
        {
            return new("text", "control-characters", "text: plain text only (line breaks are fine, control characters are not).");
        }
        if (IsRepetitive(text))
        {
            return new("text", "repeated-characters", "text: repeated characters are not an objection; describe the problem.");
        }
        var withoutLinks = LinkPattern().Replace(text, " ");
        if (Meaningful(withoutLinks).Count() < MinMeaningfulChars)
        {
            return withoutLinks.Length < text.Length
                ? new("text", "link-only", "text: a link alone is not an objection; describe the problem in words.")
                : new("text", "no-content", $"text: at least {MinMeaningfulChars} letters or digits.");
        }
        return null;
    }

    /// <summary>A long run of one character, a short unit repeated ("刷票刷票刷票"), or hardly any different characters.</summary>
    internal static bool IsRepetitive(string text)
    {
        var runes = text.EnumerateRunes().Where(r => !Rune.IsWhiteSpace(r)).ToArray();
        var run = 1;
        for (var i = 1; i < runes.Length; i++)
        {
            run = runes[i] == runes[i - 1] ? run + 1 : 1;
            if (run >= MaxRun)
            {
                return true;
            }
        }
        for (var unit = 1; unit <= 8 && unit * 3 <= runes.Length; unit++)
        {
            if (runes.Skip(unit).Select((r, i) => r == runes[i]).All(same => same))
            {
                return true;
            }
        }
        var meaningful = Meaningful(text).ToArray();
        return meaningful.Length >= MinMeaningfulChars && meaningful.Distinct().Count() <= 2;
    }

    private static IEnumerable<Rune> Meaningful(string text) => text.EnumerateRunes().Where(Rune.IsLetterOrDigit);

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex(@"(?:https?://|www\.)\S+|(?<![a-z0-9.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|top|xyz|cc|info|vip|me|io|link|site|shop|club|tk)(?![a-z0-9-])(?:/\S*)?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();

    // Mobile 1[3-9]xxxxxxxxx (optionally +86, spaced 3-4-4); landline with optional 0-prefixed area code and extension.
    [GeneratedRegex(@"^(?:(?:\+?86[ -]?)?1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}|(?:0[0-9]{2,3}[ -]?)?[2-9][0-9]{6,7}(?:-[0-9]{1,6})?)\z", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();
}
