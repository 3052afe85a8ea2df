namespace PublicVote.Api.Features.Media;

/// <summary>Public URLs of content-addressed media: <c>/media/&lt;sha256&gt;.jpg|png</c>.</summary>
public static class MediaUrls
{
    public const string Prefix = "/media/";

    public static string Extension(string contentType) => contentType == "image/png" ? "png" : "jpg";

    public static string Of(string sha256, string contentType) => Prefix + sha256 + "." + Extension(contentType);

    /// <summary>Thumbnails are always JPEG.</summary>
    public static string Thumb(string sha256) => Prefix + sha256 + ".jpg";
}
