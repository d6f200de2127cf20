using KpiExporter.Exposition;

namespace KpiExporter.Sources;

/// <summary>
/// The contract every source keeps (node_exporter's collector, in .NET terms). A source loads on its own schedule
/// into an immutable snapshot, reports its health through <see cref="SourceHealthRegistry"/> (the shared
/// registry), and renders its own series from its current snapshot here. <c>/metrics</c> writes the registry and
/// then each source in registration order, knowing nothing of any source. Rendering reads memory only: it never
/// waits on a file or a database.
/// </summary>
internal interface IMetricsSource
{
    /// <summary>Writes this source's series. Families this source shares between its own parts go through <see cref="MetricFamilies"/>.</summary>
    ValueTask WriteAsync(ExpositionWriter writer, CancellationToken cancellationToken);

    /// <summary>
    /// The sources whose data is not what it should be right now although they load (stale, incomplete), for the
    /// landing page. The same conditions are in this source's series, for the alerts.
    /// </summary>
    IEnumerable<SourceCondition> Conditions() => [];
}
