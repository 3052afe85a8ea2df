namespace PublicVote.IntegrationTests.Infrastructure;

/// <summary>The campaign definitions in the repository's samples/ folder.</summary>
public static class SampleFiles
{
    public static readonly string Folder = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../samples"));

    public static Task<string> ReadAsync(string name) => File.ReadAllTextAsync(Path.Combine(Folder, name));
}
