using KpiExporter.Metrics;
using KpiExporter.Sources.Checkout;
using Prometheus;

namespace KpiExporter.Http;

/// <summary>
/// GET /metrics in the Prometheus text format: the registry's metrics (health, judged hour, process) followed by
/// the per-hour checkout series rendered from the stored days. Reads memory only; never touches a file.
/// </summary>
internal static class MetricsEndpoint
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static async Task Serve(HttpContext context, CollectorRegistry registry, CheckoutDatasetStore store)
    {
        context.Response.ContentType = ContentType;
        await WriteAsync(context.Response.Body, registry, store, context.RequestAborted);
    }

    /// <summary>Writes the whole exposition to <paramref name="output"/>.</summary>
    public static async Task WriteAsync(Stream output, CollectorRegistry registry, CheckoutDatasetStore store, CancellationToken cancellationToken)
    {
        await registry.CollectAndExportAsTextAsync(output, ExpositionFormat.PrometheusText, cancellationToken);
        var datasets = store.All.OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        await HourSeriesWriter.WriteAsync(output, datasets, cancellationToken);
    }
}
