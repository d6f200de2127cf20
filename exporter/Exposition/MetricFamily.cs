namespace KpiExporter.Exposition;

/// <summary>
/// A metric family's name, HELP text, type and label names: declared once by the source (usually as a static
/// field), then filled with samples in <see cref="MetricFamilies"/> at each scrape.
/// </summary>
internal sealed record MetricFamily(string Name, string Help, MetricType Type, IReadOnlyList<string> LabelNames)
{
    public static MetricFamily Gauge(string name, string help, params string[] labelNames) => new(name, help, MetricType.Gauge, labelNames);
}
