namespace KpiExporter.Exposition;

/// <summary>The metric types the sources' own series use (their <c># TYPE</c> line).</summary>
internal enum MetricType
{
    Gauge,
    Counter,
}
