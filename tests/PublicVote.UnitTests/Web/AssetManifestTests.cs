using System.Text;
using Microsoft.Extensions.FileProviders;
using PublicVote.Api.Hosting.Web;

namespace PublicVote.UnitTests.Web;

public sealed class AssetManifestTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pv-site-").FullName;

    [Fact]
    public void ImportsAreRewrittenToFingerprintedNamesAndTheIndexIsServedForItsFolder()
    {
        Write("h5/index.html", """<link rel="stylesheet" href="css/a.css"><script type="module" src="js/main.js"></script></head>""");
        Write("h5/js/main.js", "import { x } from './lib.js';\nimport y from 'bare-package';\nexport const z = x;");
        Write("h5/js/lib.js", "export const x = 1;");
        Write("h5/css/a.css", "body { background: url(../img/b.png); }");
        Write("h5/img/b.png", "png");

        var site = Build();

        var lib = site.UrlOf("/h5/js/lib.js")!;
        Assert.Matches(@"^/h5/js/lib\.[0-9a-f]{10}\.js$", lib);
        Assert.Contains($"from '{lib}'", Text(site, site.UrlOf("/h5/js/main.js")!), StringComparison.Ordinal);
        Assert.Contains("from 'bare-package'", Text(site, site.UrlOf("/h5/js/main.js")!), StringComparison.Ordinal);
        Assert.Contains($"url({site.UrlOf("/h5/img/b.png")})", Text(site, site.UrlOf("/h5/css/a.css")!), StringComparison.Ordinal);
        var page = Text(site, "/h5/");
        Assert.Equal(page, Text(site, "/h5/index.html"));
        Assert.Contains($"src=\"{site.UrlOf("/h5/js/main.js")}\"", page, StringComparison.Ordinal);
        Assert.Contains($"<link rel=\"modulepreload\" href=\"{lib}\">", page, StringComparison.Ordinal);
        Assert.True(site.TryGet(lib, out var immutable) && immutable.Immutable);
        Assert.True(site.TryGet("/h5/js/lib.js", out var plain) && !plain.Immutable);
        Assert.True(site.TryGet("/h5/index.html", out var html) && !html.Immutable);
    }

    [Fact]
    public void AChangedModuleChangesTheNameOfEveryModuleThatImportsIt()
    {
        Write("js/main.js", "import './lib.js';");
        Write("js/other.js", "export const unrelated = 1;");
        Write("js/lib.js", "export const x = 1;");
        var before = Build();
        Write("js/lib.js", "export const x = 2;");
        var after = Build();

        Assert.NotEqual(before.UrlOf("/js/lib.js"), after.UrlOf("/js/lib.js"));
        Assert.NotEqual(before.UrlOf("/js/main.js"), after.UrlOf("/js/main.js"));
        Assert.Equal(before.UrlOf("/js/other.js"), after.UrlOf("/js/other.js"));
    }

    [Fact]
    public void AnImportCycleFailsTheStartNamingTheFiles()
    {
        Write("js/a.js", "import './b.js';");
        Write("js/b.js", "import './a.js';");

        var error = Assert.Throws<InvalidOperationException>(Build);
        Assert.Contains("/js/a.js", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TextIsPrecompressedAndTinyFilesAreNot()
    {
        Write("big.js", string.Concat(Enumerable.Repeat("export const value = 'repeated text';\n", 50)));
        Write("tiny.js", "export {};");
        var site = Build();

        Assert.True(site.TryGet("/big.js", out var big) && big.Brotli is not null && big.Gzip is not null);
        Assert.True(site.TryGet("/tiny.js", out var tiny) && !tiny.IsCompressed);
    }

    [Theory]
    [InlineData("gzip, deflate, br", "br", true)]
    [InlineData("gzip;q=0.5", "gzip", true)]
    [InlineData("br;q=0", "br", false)]
    [InlineData("br; q=0.0, gzip", "br", false)]
    [InlineData("", "gzip", false)]
    [InlineData("GZIP", "gzip", true)]
    public void AcceptEncodingIsReadWithItsWeights(string header, string coding, bool accepted) =>
        Assert.Equal(accepted, StaticSiteMiddleware.Accepts(header, coding));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private AssetManifest Build()
    {
        using var files = new PhysicalFileProvider(_root);
        return AssetManifest.Build(files);
    }

    private void Write(string path, string text)
    {
        var full = Path.Combine(_root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    private static string Text(AssetManifest site, string url) =>
        site.TryGet(url, out var asset) ? Encoding.UTF8.GetString(asset.Body) : throw new KeyNotFoundException(url);
}
