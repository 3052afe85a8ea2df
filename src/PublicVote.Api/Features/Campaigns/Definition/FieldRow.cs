namespace PublicVote.Api.Features.Campaigns.Definition;

/// <summary>A category_form_fields row (read by the definition export and by the nomination checks).</summary>
// Properties, not a constructor: Dapper reports a text[] column as Array and would find no matching constructor.
internal sealed record FieldRow
{
    public long CategoryId { get; init; }
    public string Key { get; init; } = "";
    public string Label { get; init; } = "";
    public string Type { get; init; } = "";
    public bool Required { get; init; }
    public int? MaxLength { get; init; }
    public string[]? Options { get; init; }
}
