using System.Reflection;
using System.Text.RegularExpressions;
using PublicVote.Api.Hosting;

namespace PublicVote.UnitTests.Web;

/// <summary>The H5 pages show every problem the API can answer in Chinese: a new type without a message fails here.</summary>
public sealed partial class ProblemMessagesTests
{
    private static readonly string ProblemsJs = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory,
        "../../../../../src/PublicVote.Api/wwwroot/h5/js/problems.js"));

    [Fact]
    public void EveryProblemTypeHasAChineseMessageInThePages()
    {
        var keys = MessageKey().Matches(File.ReadAllText(ProblemsJs)).Select(m => m.Groups[1].Value).ToHashSet();
        var types = typeof(Problems).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name != nameof(Problems.TypePrefix))
            .Select(f => ((string)f.GetRawConstantValue()!)[Problems.TypePrefix.Length..])
            .ToArray();

        Assert.NotEmpty(types);
        var missing = types.Where(t => !keys.Contains(t)).ToArray();
        Assert.True(missing.Length == 0, "no Chinese message in problems.js for: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryMessageIsChinese()
    {
        var messages = MessageText().Matches(File.ReadAllText(ProblemsJs)).Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", m));
    }

    [GeneratedRegex(@"^\s+'([a-z0-9-]+)':", RegexOptions.Multiline)]
    private static partial Regex MessageKey();

    [GeneratedRegex(@"^\s+'[a-z0-9-]+':\s*(.+?),?$", RegexOptions.Multiline)]
    private static partial Regex MessageText();
}
