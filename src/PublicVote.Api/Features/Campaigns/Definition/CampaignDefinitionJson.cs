using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PublicVote.Api.Features.Campaigns.Definition;

/// <summary>
/// Reads a definition file (syntax, then the schema, then <see cref="DefinitionValidator"/>'s semantic rules,
/// reporting every error of a stage together) and writes one in the canonical form the samples use.
/// </summary>
public static class CampaignDefinitionJson
{
    private static readonly Lazy<SchemaSubset> Schema = new(LoadSchema);

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        IndentSize = 2,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // The samples are Chinese; keep them readable in the exported file.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter<PhaseKind>(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <exception cref="InvalidDefinitionException">The text is not a valid definition; every error is listed.</exception>
    public static CampaignDefinition Read(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException ex)
        {
            throw new InvalidDefinitionException([new("$", $"is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})")]);
        }
        using (document)
        {
            var errors = Schema.Value.Validate(document.RootElement);
            if (errors.Count > 0)
            {
                throw new InvalidDefinitionException(errors);
            }
            var definition = document.RootElement.Deserialize<CampaignDefinition>(Options)!;
            errors = DefinitionValidator.Validate(definition);
            return errors.Count == 0 ? definition : throw new InvalidDefinitionException(errors);
        }
    }

    public static string Write(CampaignDefinition definition) => JsonSerializer.Serialize(definition, Options) + "\n";

    public static string WireName<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public static TEnum ParseWireName<TEnum>(string name)
        where TEnum : struct, Enum => Enum.Parse<TEnum>(name, ignoreCase: true);

    private static SchemaSubset LoadSchema()
    {
        using var stream = typeof(CampaignDefinitionJson).Assembly.GetManifestResourceStream(SchemaResource)
            ?? throw new InvalidOperationException($"Embedded resource {SchemaResource} is missing.");
        using var document = JsonDocument.Parse(stream);
        return new SchemaSubset(document.RootElement.Clone());
    }

    public const string SchemaResource = "PublicVote.Api.Features.Campaigns.Definition.campaign-definition.schema.json";
}
