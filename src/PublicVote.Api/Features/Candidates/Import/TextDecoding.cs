using System.Text;

namespace PublicVote.Api.Features.Candidates.Import;

/// <summary>
/// CSV text from Chinese organizers: Excel on Windows saves "CSV" in the ANSI code page (GBK), "CSV UTF-8" with a BOM,
/// and other tools UTF-8 without one. Valid UTF-8 is read as UTF-8 (GBK text with Chinese characters is almost
/// never valid UTF-8); anything else as GB18030, the superset of GBK.
/// </summary>
public static class TextDecoding
{
    static TextDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static (string Text, string Encoding) Decode(byte[] content)
    {
        var span = content.AsSpan();
        if (span.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
        {
            return (Utf8OrNull(span[3..]) ?? throw new ImportFileException("The file starts with a UTF-8 mark but is not valid UTF-8."), "utf-8");
        }
        if (span.StartsWith(new byte[] { 0xFF, 0xFE }))
        {
            return (Encoding.Unicode.GetString(span[2..]), "utf-16le");
        }
        if (span.StartsWith(new byte[] { 0xFE, 0xFF }))
        {
            return (Encoding.BigEndianUnicode.GetString(span[2..]), "utf-16be");
        }
        return Utf8OrNull(span) is { } utf8 ? (utf8, "utf-8") : (Encoding.GetEncoding("GB18030").GetString(span), "gb18030");
    }

    private static string? Utf8OrNull(ReadOnlySpan<byte> bytes) =>
        System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
