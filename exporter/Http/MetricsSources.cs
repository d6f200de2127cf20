using KpiExporter.Sources;

namespace KpiExporter.Http;

/// <summary>Every registered source, in registration order: what <c>/metrics</c> writes after the registry.</summary>
internal sealed class MetricsSources
{
    public MetricsSources(IEnumerable<IMetricsSource> sources)
    {
        All = sources.ToArray();
    }

    public IReadOnlyList<IMetricsSource> All { get; }
}
