using System.Text.Json.Nodes;
using PublicVote.Api.Features.Campaigns.Definition;

namespace PublicVote.UnitTests.Campaigns;

/// <summary>The definitions in the repository's samples/ folder.</summary>
internal static class Samples
{
    public static readonly string Folder = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../samples"));

    public static TheoryData<string> Names => new(Directory.GetFiles(Folder, "*.json")
        .Select(Path.GetFileName)
        .Where(n => !n!.Contains("demo-candidates", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)!);

    public static string Text(string name) => File.ReadAllText(Path.Combine(Folder, name));

    public static JsonNode Jingmen() => JsonNode.Parse(Text("jingmen-2019.json"))!;

    /// <summary>The error lines reading <paramref name="json"/> gives (empty when it is valid).</summary>
    public static string[] ErrorsOf(JsonNode json)
    {
        try
        {
            CampaignDefinitionJson.Read(json.ToJsonString());
            return [];
        }
        catch (InvalidDefinitionException ex)
        {
            return ex.Errors.Select(e => e.ToString()).ToArray();
        }
    }
}
