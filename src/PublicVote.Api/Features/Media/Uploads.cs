using Microsoft.AspNetCore.Http.Features;

namespace PublicVote.Api.Features.Media;

public enum UploadError
{
    None,
    NotMultipart,
    NoFile,
    TooLarge,
}

public sealed record Upload(byte[] Content, string FileName);

/// <summary>Reads the one file of a <c>multipart/form-data</c> request (field <c>file</c>, or the only file sent), refusing it past a size.</summary>
public static class Uploads
{
    /// <summary>Room for the multipart boundaries and headers around the file.</summary>
    private const long Envelope = 64 * 1024;

    public static async Task<(Upload? Upload, UploadError Error)> ReadFileAsync(HttpContext http, long maxBytes)
    {
        var request = http.Request;
        if (!request.HasFormContentType || !(request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return (null, UploadError.NotMultipart);
        }
        if (request.ContentLength > maxBytes + Envelope)
        {
            return (null, UploadError.TooLarge);
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + Envelope;
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(http.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, UploadError.TooLarge);
        }
        catch (InvalidDataException)
        {
            return (null, UploadError.NotMultipart); // a malformed multipart body
        }
        var file = form.Files.GetFile("file") ?? (form.Files.Count == 1 ? form.Files[0] : null);
        if (file is null || file.Length == 0)
        {
            return (null, UploadError.NoFile);
        }
        if (file.Length > maxBytes)
        {
            return (null, UploadError.TooLarge);
        }
        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, http.RequestAborted);
        }
        return (new Upload(content, Path.GetFileName(file.FileName)), UploadError.None);
    }
}
