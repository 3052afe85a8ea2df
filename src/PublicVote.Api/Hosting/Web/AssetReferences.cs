using System.Text.RegularExpressions;

namespace PublicVote.Api.Hosting.Web;

/// <summary>
/// Finds the references one site file makes to others (HTML src/href, JS import specifiers, CSS url()/@import) and
/// rewrites them through a mapping. Only local paths are touched ("./x.js", "../x.css", "/h5/x.js"); bare module names,
/// other origins, data: URLs and fragments are left as they are.
/// </summary>
internal static partial class AssetReferences
{
    public static IEnumerable<string> Find(string path, string text) =>
        Matches(path, text).Select(m => Resolve(path, m.Groups["spec"].Value)).OfType<string>();

    /// <param name="map">Site path → new URL, or null to leave the reference unchanged.</param>
    public static string Rewrite(string path, string text, Func<string, string?> map) =>
        Pattern(path)?.Replace(text, match =>
        {
            var spec = match.Groups["spec"];
            if (Resolve(path, spec.Value) is not { } target || map(target) is not { } url)
            {
                return match.Value;
            }
            var suffix = spec.Value[SplitAt(spec.Value)..];
            return string.Concat(match.Value.AsSpan(0, spec.Index - match.Index), url + suffix,
                match.Value.AsSpan(spec.Index - match.Index + spec.Length));
        }) ?? text;

    /// <summary>The site path a reference points to, or null when it leaves the site (or is not a path).</summary>
    public static string? Resolve(string fromPath, string spec)
    {
        var plain = spec[..SplitAt(spec)];
        if (plain.Length == 0 || plain.StartsWith("//", StringComparison.Ordinal) || plain.Contains(':', StringComparison.Ordinal))
        {
            return null;
        }
        if (!plain.StartsWith('/') && !plain.StartsWith("./", StringComparison.Ordinal) && !plain.StartsWith("../", StringComparison.Ordinal)
            && !IsHtmlOrCss(fromPath))
        {
            return null; // a bare JS module specifier ("lib") is not a path
        }
        var baseDir = fromPath[..(fromPath.LastIndexOf('/') + 1)];
        var segments = new List<string>();
        foreach (var segment in (plain.StartsWith('/') ? plain : baseDir + plain).Split('/'))
        {
            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    return null;
                }
                segments.RemoveAt(segments.Count - 1);
            }
            else if (segment is not ("" or "."))
            {
                segments.Add(segment);
            }
        }
        return "/" + string.Join('/', segments);
    }

    private static int SplitAt(string spec)
    {
        var cut = spec.IndexOfAny(['?', '#']);
        return cut < 0 ? spec.Length : cut;
    }

    private static bool IsHtmlOrCss(string path) =>
        path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".css", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<Match> Matches(string path, string text) =>
        Pattern(path)?.Matches(text) ?? Enumerable.Empty<Match>();

    private static Regex? Pattern(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" => HtmlReference(),
        ".js" or ".mjs" => JsImport(),
        ".css" => CssReference(),
        _ => null,
    };

    [GeneratedRegex("""\b(?:src|href)\s*=\s*(?<q>["'])(?<spec>[^"'<>\s]+)\k<q>""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HtmlReference();

    // import x from "./a.js" · import "./a.js" · export … from "./a.js" · import("./a.js")
    [GeneratedRegex("""(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(?<q>["'])(?<spec>[^"'\r\n]+)\k<q>""", RegexOptions.CultureInvariant)]
    private static partial Regex JsImport();

    [GeneratedRegex("""(?:url\(\s*(?<q>["']?)(?<spec>[^"')\s]+)\k<q>\s*\)|@import\s+(?<q2>["'])(?<spec>[^"']+)\k<q2>)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CssReference();
}
