namespace PublicVote.Api.Features.Campaigns.Definition;

/// <summary>One thing wrong with a definition, at a JSON path such as <c>$.districts[2].quotas.star.award</c>.</summary>
public sealed record DefinitionError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>A definition that cannot be imported, with every error found (not only the first).</summary>
public sealed class InvalidDefinitionException(IReadOnlyList<DefinitionError> errors)
    : Exception($"The campaign definition has {errors.Count} error(s):\n" + string.Join('\n', errors))
{
    public IReadOnlyList<DefinitionError> Errors { get; } = errors;
}
