using System.Text.RegularExpressions;

namespace PublicVote.Api.Features.Candidates;

/// <summary>
/// Checks a nomination against the campaign (docs/candidates.md): every problem is reported, each under its field.
/// Lengths count characters as PostgreSQL does (code points), and match the columns' CHECKs.
/// </summary>
public static partial class CandidateValidator
{
    public const int NameMax = 200;
    public const int UnitNameMax = 200;
    public const int PostMax = 100;
    public const int SloganMax = 200;
    public const int HonoursMax = 2000;
    public const int ReasonMax = 500;

    /// <summary>Materials when the campaign names no length.</summary>
    public const int MaterialsDefaultMax = 10_000;

    /// <summary>
    /// The notices ask for "1000字左右" (about 1000 characters): a text up to a fifth longer than the campaign's
    /// <c>materialChars</c> is accepted.
    /// </summary>
    public static int MaterialsMax(NominationRules rules) =>
        rules.MaterialChars is { } chars ? chars + (chars / 5) : MaterialsDefaultMax;

    public static (CandidateDraft? Draft, List<FieldError> Errors) Validate(RawCandidate raw, NominationRules rules)
    {
        var errors = new List<FieldError>();
        var number = Text.Line(raw.Number, "number", 16, required: true, errors);
        if (number is not null && !NumberPattern().IsMatch(number))
        {
            errors.Add(new("number", "must be 1-16 letters, digits or '-'"));
        }
        var name = Text.Line(raw.Name, "name", NameMax, required: true, errors);
        var category = raw.CategoryId is { } categoryId ? rules.Category(categoryId) : null;
        if (raw.CategoryId is null)
        {
            errors.Add(new("categoryId", "is required"));
        }
        else if (category is null)
        {
            errors.Add(new("categoryId", "is not a category of this campaign"));
        }
        CheckDistrict(raw.DistrictId, rules, errors);
        var unitName = Text.Line(raw.UnitName, "unitName", UnitNameMax, required: category?.PerUnitLimit is not null, errors);
        var post = Text.Line(raw.Post, "post", PostMax, required: false, errors);
        var slogan = Text.Block(raw.Slogan, "slogan", SloganMax, required: false, errors);
        var materials = Text.Block(raw.Materials, "materials", MaterialsMax(rules), required: false, errors);
        var honours = Text.Block(raw.Honours, "honours", HonoursMax, required: false, errors);
        var fields = new SortedDictionary<string, object>(StringComparer.Ordinal);
        if (category is not null)
        {
            var common = new Dictionary<string, string?>
            {
                ["name"] = name, ["unitName"] = unitName, ["post"] = post, ["slogan"] = slogan, ["materials"] = materials, ["honours"] = honours,
            };
            FormFieldValidator.Check(category, raw.Fields, common, fields, errors);
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new CandidateDraft(number!, name!, category!.Id, raw.DistrictId, unitName is null ? null : Text.CollapseSpaces(unitName),
            post, slogan, materials, honours, fields), errors);
    }

    /// <summary>A rejection or disqualification reason (required) or a withdrawal note (optional).</summary>
    public static (string? Reason, List<FieldError> Errors) Reason(string? reason, bool required)
    {
        var errors = new List<FieldError>();
        var text = Text.Block(reason, "reason", ReasonMax, required, errors);
        return (text, errors);
    }

    private static void CheckDistrict(long? districtId, NominationRules rules, List<FieldError> errors)
    {
        if (districtId is { } id)
        {
            if (rules.District(id) is null)
            {
                errors.Add(new("districtId", "is not a recommending unit (district) of this campaign"));
            }
        }
        else if (rules.Districts.Count > 0)
        {
            errors.Add(new("districtId", "is required: this campaign's candidates are recommended by a district (推荐单位)"));
        }
    }

    [GeneratedRegex("^[0-9A-Za-z-]{1,16}$")]
    private static partial Regex NumberPattern();
}
