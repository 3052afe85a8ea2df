using PublicVote.Api.Features.Campaigns.Definition;

namespace PublicVote.Api.Features.Phases;

/// <summary>Phase kinds as the API and the database spell them (<c>expertReview</c>), parsed strictly: no numbers, no other case.</summary>
public static class PhaseNames
{
    private static readonly Dictionary<string, PhaseKind> ByName =
        Enum.GetValues<PhaseKind>().ToDictionary(CampaignDefinitionJson.WireName, k => k, StringComparer.Ordinal);

    public static IEnumerable<string> All => ByName.Keys;

    public static string Of(PhaseKind kind) => CampaignDefinitionJson.WireName(kind);

    public static bool TryParse(string? name, out PhaseKind kind) => ByName.TryGetValue(name ?? "", out kind);

    public static PhaseKind Parse(string name) =>
        TryParse(name, out var kind) ? kind : throw new FormatException($"'{name}' is not a phase kind.");
}
