namespace PublicVote.Api.Features.Campaigns.Definition;

public sealed record CategoryDefinition
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    /// <summary><c>unit</c>, <c>person</c> or <c>brand</c>.</summary>
    public required string Kind { get; init; }
    /// <summary>How many are awarded in this category in all (seed 003: 十佳 = 10).</summary>
    public int? AwardQuota { get; init; }
    /// <summary>How many candidates one recommending unit may submit in this category (seed 003: 1).</summary>
    public int? PerUnitLimit { get; init; }
    public required IReadOnlyList<FormField> FormFields { get; init; }
}

public sealed record FormField
{
    public required string Key { get; init; }
    public required string Label { get; init; }
    /// <summary>text, textarea, phone, number, date, month, choice or multiChoice.</summary>
    public required string Type { get; init; }
    public required bool Required { get; init; }
    public int? MaxLength { get; init; }
    /// <summary>The choices of a <c>choice</c> or <c>multiChoice</c> field.</summary>
    public IReadOnlyList<string>? Options { get; init; }
}

public sealed record DistrictDefinition
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    /// <summary>Per category code: how many the district may recommend and how many of them may be awarded.</summary>
    public IReadOnlyDictionary<string, Quota> Quotas { get; init; } = new Dictionary<string, Quota>();
}

public sealed record Quota(int Recommend, int Award);
