using System.Text.Json;

namespace PublicVote.Api.Features.Candidates;

/// <summary>One problem with one input field: <c>name</c>, <c>districtId</c>, <c>fields.gender</c>, ...</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>A form value as it arrived: text, a list (multiChoice from JSON), or a value of the wrong JSON type.</summary>
public readonly record struct RawValue(string? Text, IReadOnlyList<string>? Items = null, string? TypeError = null)
{
    public bool IsMissing => TypeError is null && string.IsNullOrWhiteSpace(Text) && (Items is null || Items.Count == 0);

    public static RawValue FromJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => new RawValue(null),
        JsonValueKind.String => new RawValue(value.GetString()),
        JsonValueKind.Number => new RawValue(value.GetRawText()),
        JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) =>
            new RawValue(null, value.EnumerateArray().Select(v => v.GetString()!).ToArray()),
        _ => new RawValue(null, null, "must be text, a number or a list of texts"),
    };
}

/// <summary>A nomination before checking, from the JSON API or from one row of an import file.</summary>
public sealed record RawCandidate(
    string? Number, string? Name, long? CategoryId, long? DistrictId, string? UnitName, string? Post,
    string? Slogan, string? Materials, string? Honours, IReadOnlyDictionary<string, RawValue> Fields)
{
    public static RawCandidate From(CandidateRequest request) => new(
        request.Number, request.Name, request.CategoryId, request.DistrictId, request.UnitName, request.Post,
        request.Slogan, request.Materials, request.Honours,
        (request.Fields ?? []).ToDictionary(f => f.Key, f => RawValue.FromJson(f.Value), StringComparer.Ordinal));
}
