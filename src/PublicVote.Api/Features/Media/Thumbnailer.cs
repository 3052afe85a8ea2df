using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace PublicVote.Api.Features.Media;

public enum ThumbnailOutcome
{
    Made,
    /// <summary>The picture could not be decoded (corrupt or unsupported data behind a valid header).</summary>
    Undecodable,
    /// <summary>The thumbnailer is missing, timed out or crashed: not the uploader's fault.</summary>
    Unavailable,
}

/// <summary>
/// Makes list thumbnails (JPEG, <see cref="MediaOptions.ThumbnailWidth"/> wide, never enlarged) with libvips
/// (Debian's libvips-tools), run as a process without a shell, with a timeout, a few at a time. It runs
/// <c>vips thumbnail</c>, the operation behind the <c>vipsthumbnail</c> command, because only the operation takes
/// <c>--fail-on</c>. ImageSharp and SkiaSharp cannot be had here (docs/candidates.md).
/// </summary>
public sealed partial class Thumbnailer(IOptions<MediaOptions> options, ILogger<Thumbnailer> logger)
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentThumbnails);

    public async Task<(ThumbnailOutcome Outcome, string Detail)> MakeAsync(string input, string output, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var start = new ProcessStartInfo(o.Vips)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            ArgumentList =
            {
                "thumbnail", input,
                // Saved as JPEG whatever the input; a PNG's transparency goes white.
                string.Create(CultureInfo.InvariantCulture, $"{output}[Q={o.ThumbnailQuality},strip,background=255]"),
                o.ThumbnailWidth.ToString(CultureInfo.InvariantCulture),
                "--height", "10000000", // the width alone decides
                "--size", "down",
                // libvips decodes what it can of a broken file and warns; a truncated or corrupt one must fail instead.
                "--fail-on", "error",
            },
            // Only libvips' well-tested loaders, one worker thread per process.
            Environment = { ["VIPS_BLOCK_UNTRUSTED"] = "1", ["VIPS_CONCURRENCY"] = "1" },
        };
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await RunAsync(start, o.ThumbnailTimeout, cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<(ThumbnailOutcome, string)> RunAsync(ProcessStartInfo start, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            LogUnavailable(start.FileName, ex.Message);
            return (ThumbnailOutcome.Unavailable, $"'{start.FileName}' could not be started (install libvips-tools)");
        }
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var outputText = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            LogUnavailable(start.FileName, $"no result within {timeout}");
            return (ThumbnailOutcome.Unavailable, $"the thumbnailer took longer than {timeout.TotalSeconds:0} s");
        }
        var stderr = (await errors).Trim();
        await outputText;
        if (process.ExitCode == 0)
        {
            return (ThumbnailOutcome.Made, "");
        }
        var firstLine = stderr.Split('\n', 2)[0];
        LogFailed(process.ExitCode, firstLine);
        return (ThumbnailOutcome.Undecodable, "the picture could not be decoded");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Thumbnailer {Command} unavailable: {Error}")]
    private partial void LogUnavailable(string command, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Thumbnailer refused a picture (exit {ExitCode}): {Error}")]
    private partial void LogFailed(int exitCode, string error);
}
