using System.IO.Compression;
using Microsoft.AspNetCore.Http.Headers;

namespace KpiExporter.Http;

/// <summary>
/// Whether a request accepts a gzip response (RFC 9110 <c>Accept-Encoding</c>: <c>gzip</c> or <c>*</c> with a
/// quality above zero, and gzip not refused with <c>q=0</c>), and the level <c>/metrics</c> compresses at.
/// Prometheus sends <c>Accept-Encoding: gzip</c>; a scraper that sends none gets plain text.
/// </summary>
internal static class GzipNegotiation
{
    /// <summary>
    /// The fastest level: 120,000 series (11.9 MiB of text) compress in tens of milliseconds to about a tenth of
    /// their size, where the optimal level takes several times longer for a few percent less (bench/ measures both).
    /// </summary>
    public const CompressionLevel Level = CompressionLevel.Fastest;

    public static bool Accepts(RequestHeaders headers)
    {
        double? gzip = null;
        double? any = null;
        foreach (var coding in headers.AcceptEncoding)
        {
            var quality = coding.Quality ?? 1.0;
            if (coding.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) || coding.Value.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
            {
                gzip = Math.Max(gzip ?? 0, quality);
            }
            else if (coding.Value.Equals("*", StringComparison.Ordinal))
            {
                any = quality;
            }
        }

        return (gzip ?? any ?? 0) > 0;
    }
}
