using System.Text;

namespace PublicVote.Api.Features.Objections;

/// <summary>Checks for text people type into a form: no control or bidi-override characters, no broken UTF-16.</summary>
public static class PlainText
{
    /// <summary>Line breaks and tabs are allowed only where <paramref name="multiLine"/>.</summary>
    public static bool IsClean(string text, bool multiLine)
    {
        foreach (var rune in Runes(text))
        {
            if (rune is null)
            {
                return false; // a lone surrogate (JSON "\ud800") is not text
            }
            var c = rune.Value.Value;
            if (c is '\n' or '\t' && multiLine)
            {
                continue;
            }
            // Control characters (C0, DEL, C1) and the bidi overrides that make text display other than it reads.
            if (c < 0x20 || c is >= 0x7F and <= 0x9F || c is >= 0x202A and <= 0x202E || c is >= 0x2066 and <= 0x2069)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Trims and turns \r\n and lone \r into \n, so that the stored text has one kind of line break.</summary>
    public static string Normalize(string text) => text.Trim().Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    /// <summary>Length in characters as people count them (a CJK character or an emoji is one).</summary>
    public static int Length(string text) => Runes(text).Count();

    private static IEnumerable<Rune?> Runes(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var status = Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used);
            yield return status == System.Buffers.OperationStatus.Done ? rune : null;
            i += used;
        }
    }
}
