using System.IO.Compression;
using KpiExporter.Exposition;
using KpiExporter.Sources;
using Microsoft.Net.Http.Headers;
using Prometheus;

namespace KpiExporter.Http;

/// <summary>
/// GET /metrics in the Prometheus text format: the shared registry (source health, build info, process) followed by
/// each source's own series, in registration order. It knows no source: each renders itself from memory.
/// Compressed with gzip when the scraper accepts it (<see cref="GzipNegotiation"/>); the content type is the
/// text format's either way.
/// </summary>
internal static class MetricsEndpoint
{
    public const string ContentType = TextFormat.ContentType;

    public static async Task Serve(HttpContext context, CollectorRegistry registry, IReadOnlyList<IMetricsSource> sources)
    {
        var response = context.Response;
        response.ContentType = ContentType;
        response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
        if (!GzipNegotiation.Accepts(context.Request.GetTypedHeaders()))
        {
            await WriteAsync(response.Body, registry, sources, context.RequestAborted);
            return;
        }

        response.Headers.ContentEncoding = "gzip";
        await using var gzip = new GZipStream(response.Body, GzipNegotiation.Level, leaveOpen: true);
        await WriteAsync(gzip, registry, sources, context.RequestAborted);
    }

    /// <summary>Writes the whole exposition to <paramref name="output"/>.</summary>
    public static async Task WriteAsync(Stream output, CollectorRegistry registry, IReadOnlyList<IMetricsSource> sources, CancellationToken cancellationToken)
    {
        await registry.CollectAndExportAsTextAsync(output, ExpositionFormat.PrometheusText, cancellationToken);
        var writer = new ExpositionWriter(output);
        foreach (var source in sources)
        {
            await source.WriteAsync(writer, cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }
}
