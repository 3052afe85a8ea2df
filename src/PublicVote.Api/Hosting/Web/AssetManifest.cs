using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace PublicVote.Api.Hosting.Web;

/// <summary>
/// The whole site (wwwroot), read once at startup and kept in memory. Every file but the HTML pages also gets a
/// fingerprinted name (<c>app.js</c> → <c>app.&lt;10 hex of SHA-256&gt;.js</c>); the references between files are
/// rewritten to those names first (dependencies before their importers, so a changed module changes the hash of
/// everything that imports it), and each page gets <c>modulepreload</c> links for the modules its scripts import, so
/// a phone fetches them in parallel instead of one import at a time. Pages keep their names and are revalidated.
/// </summary>
public sealed class AssetManifest
{
    private const int HashChars = 10;
    private readonly FrozenDictionary<string, StaticAsset> _byPath;
    private readonly FrozenDictionary<string, string> _fingerprinted;

    private AssetManifest(Dictionary<string, StaticAsset> byPath, Dictionary<string, string> fingerprinted)
    {
        _byPath = byPath.ToFrozenDictionary(StringComparer.Ordinal);
        _fingerprinted = fingerprinted.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public int Count => _byPath.Count;

    public bool TryGet(string path, out StaticAsset asset) => _byPath.TryGetValue(path, out asset!);

    /// <summary>The fingerprinted URL of a site file (e.g. for a page built in code), or null if there is none.</summary>
    public string? UrlOf(string path) => _fingerprinted.GetValueOrDefault(path);

    public static AssetManifest Build(IFileProvider root)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        Collect(root, "", files);
        var builder = new Builder(files);
        foreach (var path in files.Keys.Where(p => !IsPage(p)))
        {
            builder.Fingerprint(path, []);
        }
        foreach (var path in files.Keys.Where(IsPage))
        {
            builder.AddPage(path);
        }
        return new AssetManifest(builder.ByPath, builder.Fingerprinted);
    }

    public static bool IsPage(string path) => path.EndsWith(".html", StringComparison.OrdinalIgnoreCase);

    private static void Collect(IFileProvider root, string dir, SortedDictionary<string, byte[]> files)
    {
        foreach (var entry in root.GetDirectoryContents(dir))
        {
            var path = dir + "/" + entry.Name;
            if (entry.IsDirectory)
            {
                Collect(root, path, files);
                continue;
            }
            using var stream = entry.CreateReadStream();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            files[path] = buffer.ToArray();
        }
    }

    private sealed class Builder(SortedDictionary<string, byte[]> files)
    {
        private static readonly FileExtensionContentTypeProvider ContentTypes = CreateContentTypes();

        public Dictionary<string, StaticAsset> ByPath { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Fingerprinted { get; } = new(StringComparer.Ordinal);

        private Dictionary<string, string[]> Imports { get; } = new(StringComparer.Ordinal);

        public string Fingerprint(string path, HashSet<string> visiting)
        {
            if (Fingerprinted.TryGetValue(path, out var done))
            {
                return done;
            }
            if (!visiting.Add(path))
            {
                throw new InvalidOperationException($"Static site: {path} imports itself through a cycle ({string.Join(" → ", visiting)}).");
            }
            var body = files[path];
            if (IsText(path))
            {
                var text = Encoding.UTF8.GetString(body);
                var targets = AssetReferences.Find(path, text).Where(t => files.ContainsKey(t) && !IsPage(t)).Distinct().ToArray();
                Imports[path] = targets;
                foreach (var target in targets)
                {
                    Fingerprint(target, visiting);
                }
                body = Encoding.UTF8.GetBytes(AssetReferences.Rewrite(path, text, Fingerprinted.GetValueOrDefault));
            }
            visiting.Remove(path);
            var hash = Convert.ToHexStringLower(SHA256.HashData(body))[..HashChars];
            var dot = path.LastIndexOf('.');
            var url = dot > path.LastIndexOf('/') ? $"{path[..dot]}.{hash}{path[dot..]}" : $"{path}.{hash}";
            var (brotli, gzip) = AssetCompression.Compress(path, body);
            var etag = $"\"{hash}\"";
            ByPath[url] = new StaticAsset(TypeOf(path), body, brotli, gzip, etag, Immutable: true);
            ByPath[path] = new StaticAsset(TypeOf(path), body, brotli, gzip, etag, Immutable: false);
            Fingerprinted[path] = url;
            return url;
        }

        public void AddPage(string path)
        {
            var text = AssetReferences.Rewrite(path, Encoding.UTF8.GetString(files[path]), Fingerprinted.GetValueOrDefault);
            text = WithModulePreloads(path, text);
            var body = Encoding.UTF8.GetBytes(text);
            var (brotli, gzip) = AssetCompression.Compress(path, body);
            var page = new StaticAsset("text/html; charset=utf-8", body, brotli, gzip,
                $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..HashChars]}\"", Immutable: false);
            ByPath[path] = page;
            if (path.EndsWith("/index.html", StringComparison.OrdinalIgnoreCase))
            {
                ByPath[path[..^"index.html".Length]] = page;
            }
        }

        /// <summary>Preload links for the modules the page's own scripts import (not the scripts themselves: they are in the page).</summary>
        private string WithModulePreloads(string path, string html)
        {
            var scripts = AssetReferences.Find(path, files[path].Length == 0 ? "" : Encoding.UTF8.GetString(files[path]))
                .Where(t => (t.EndsWith(".js", StringComparison.Ordinal) || t.EndsWith(".mjs", StringComparison.Ordinal)) && Imports.ContainsKey(t))
                .ToArray();
            var closure = new SortedSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>(scripts.SelectMany(s => Imports[s]));
            while (stack.TryPop(out var module))
            {
                if (closure.Add(module) && Imports.TryGetValue(module, out var more))
                {
                    foreach (var next in more)
                    {
                        stack.Push(next);
                    }
                }
            }
            closure.ExceptWith(scripts);
            var links = string.Concat(closure
                .Where(m => m.EndsWith(".js", StringComparison.Ordinal) || m.EndsWith(".mjs", StringComparison.Ordinal))
                .Select(m => $"<link rel=\"modulepreload\" href=\"{Fingerprinted[m]}\">\n"));
            var head = html.IndexOf("</head>", StringComparison.OrdinalIgnoreCase);
            return links.Length == 0 || head < 0 ? html : html.Insert(head, links);
        }

        private static bool IsText(string path) => Path.GetExtension(path).ToLowerInvariant() is ".js" or ".mjs" or ".css";

        private static string TypeOf(string path)
        {
            var type = ContentTypes.TryGetContentType(path, out var known) ? known : "application/octet-stream";
            return type.StartsWith("text/", StringComparison.Ordinal) || type is "application/javascript" or "text/javascript" or "image/svg+xml"
                ? type + "; charset=utf-8"
                : type;
        }

        private static FileExtensionContentTypeProvider CreateContentTypes()
        {
            var provider = new FileExtensionContentTypeProvider();
            provider.Mappings[".js"] = "text/javascript";
            provider.Mappings[".mjs"] = "text/javascript";
            provider.Mappings[".webmanifest"] = "application/manifest+json";
            return provider;
        }
    }
}
