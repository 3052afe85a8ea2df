using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PublicVote.Api.Features.Campaigns.Definition;

/// <summary>
/// Checks a JSON document against a JSON Schema using only the keywords <c>campaign-definition.schema.json</c>
/// uses (type, enum, required, properties, additionalProperties, propertyNames, items, $ref to $defs, string,
/// number and array bounds, pattern, format date-time), and reports every failure with its path. No JSON Schema
/// package restores here; an unsupported keyword in the schema throws, so the subset cannot silently drift.
/// </summary>
public sealed class SchemaSubset(JsonElement root)
{
    private static readonly HashSet<string> Known =
    [
        "$schema", "$id", "title", "description", "$defs", "$ref", "type", "enum", "required", "properties",
        "additionalProperties", "propertyNames", "items", "minLength", "maxLength", "pattern", "format",
        "minimum", "maximum", "minItems", "maxItems",
    ];

    public List<DefinitionError> Validate(JsonElement value)
    {
        var errors = new List<DefinitionError>();
        Check(root, value, "$", errors);
        return errors;
    }

    private void Check(JsonElement schema, JsonElement value, string path, List<DefinitionError> errors)
    {
        foreach (var keyword in schema.EnumerateObject().Where(k => !Known.Contains(k.Name)))
        {
            throw new NotSupportedException($"Schema keyword '{keyword.Name}' is not supported by {nameof(SchemaSubset)}.");
        }
        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(Resolve(reference.GetString()!), value, path, errors);
            return;
        }
        if (schema.TryGetProperty("type", out var type) && !HasType(value, type.GetString()!))
        {
            errors.Add(new(path, $"must be {Article(type.GetString()!)}"));
            return;
        }
        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => JsonElement.DeepEquals(a, value)))
        {
            errors.Add(new(path, "must be one of " + string.Join(", ", allowed.EnumerateArray().Select(a => a.GetRawText()))));
            return;
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(schema, value, path, errors);
                break;
            case JsonValueKind.Array:
                CheckArray(schema, value, path, errors);
                break;
            case JsonValueKind.String:
                CheckString(schema, value.GetString()!, path, errors);
                break;
            case JsonValueKind.Number:
                CheckNumber(schema, value.GetDecimal(), path, errors);
                break;
        }
    }

    private void CheckObject(JsonElement schema, JsonElement value, string path, List<DefinitionError> errors)
    {
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!).Where(n => !value.TryGetProperty(n, out _)))
            {
                errors.Add(new(Member(path, name), "is required"));
            }
        }
        var properties = schema.TryGetProperty("properties", out var p) ? p : default;
        schema.TryGetProperty("additionalProperties", out var additional);
        schema.TryGetProperty("propertyNames", out var propertyNames);
        foreach (var member in value.EnumerateObject())
        {
            var memberPath = Member(path, member.Name);
            if (propertyNames.ValueKind == JsonValueKind.Object)
            {
                CheckString(propertyNames, member.Name, memberPath, errors);
            }
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(member.Name, out var memberSchema))
            {
                Check(memberSchema, member.Value, memberPath, errors);
            }
            else if (additional.ValueKind == JsonValueKind.False)
            {
                errors.Add(new(memberPath, "is not a known key"));
            }
            else if (additional.ValueKind == JsonValueKind.Object)
            {
                Check(additional, member.Value, memberPath, errors);
            }
        }
    }

    private void CheckArray(JsonElement schema, JsonElement value, string path, List<DefinitionError> errors)
    {
        var count = value.GetArrayLength();
        if (schema.TryGetProperty("minItems", out var min) && count < min.GetInt32())
        {
            errors.Add(new(path, $"must have at least {min.GetInt32()} item(s)"));
        }
        if (schema.TryGetProperty("maxItems", out var max) && count > max.GetInt32())
        {
            errors.Add(new(path, $"must have at most {max.GetInt32()} item(s)"));
        }
        if (schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(items, item, string.Create(CultureInfo.InvariantCulture, $"{path}[{i++}]"), errors);
            }
        }
    }

    private static void CheckString(JsonElement schema, string value, string path, List<DefinitionError> errors)
    {
        var length = value.EnumerateRunes().Count();
        if (schema.TryGetProperty("minLength", out var min) && length < min.GetInt32())
        {
            errors.Add(new(path, min.GetInt32() == 1 ? "must not be empty" : $"must be at least {min.GetInt32()} characters"));
        }
        if (schema.TryGetProperty("maxLength", out var max) && length > max.GetInt32())
        {
            errors.Add(new(path, $"must be at most {max.GetInt32()} characters (is {length})"));
        }
        if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(value, pattern.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            errors.Add(new(path, $"must match {pattern.GetString()}"));
        }
        if (schema.TryGetProperty("format", out var format) && format.GetString() == "date-time" && !IsDateTime(value))
        {
            errors.Add(new(path, "must be a date-time with an offset, e.g. 2019-07-27T00:00:00+08:00"));
        }
    }

    private static void CheckNumber(JsonElement schema, decimal value, string path, List<DefinitionError> errors)
    {
        if (schema.TryGetProperty("minimum", out var min) && value < min.GetDecimal())
        {
            errors.Add(new(path, $"must be ≥ {min.GetDecimal()}"));
        }
        if (schema.TryGetProperty("maximum", out var max) && value > max.GetDecimal())
        {
            errors.Add(new(path, $"must be ≤ {max.GetDecimal()}"));
        }
    }

    private JsonElement Resolve(string reference) => reference.StartsWith("#/$defs/", StringComparison.Ordinal)
        ? root.GetProperty("$defs").GetProperty(reference["#/$defs/".Length..])
        : throw new NotSupportedException($"Only #/$defs/ references are supported, not {reference}.");

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && d == decimal.Truncate(d),
        "number" => value.ValueKind == JsonValueKind.Number,
        _ => throw new NotSupportedException($"Schema type '{type}' is not supported."),
    };

    // RFC 3339: a date, a time and an explicit offset (Z or ±hh:mm).
    private static bool IsDateTime(string value) =>
        Regex.IsMatch(value, @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.None, TimeSpan.FromSeconds(1))
        && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static string Article(string type) => type switch
    {
        "object" => "an object",
        "array" => "an array",
        "integer" => "an integer",
        _ => "a " + type,
    };

    public static string Member(string path, string name) => path + "." + name;
}
