using KpiExporter.Exposition;

namespace KpiExporter.Sources.Database;

/// <summary>
/// The database source's series: every check adds its own from its last good result, grouped by family so that
/// checks of one kind share one HELP and TYPE. The labels every database series carries (<c>database</c>, then the
/// check's static labels) are added here, once, for every kind of check.
/// </summary>
internal sealed class DatabaseSeries : IMetricsSource
{
    /// <summary>The label every database series carries before its own: the database it was read from.</summary>
    public const string DatabaseLabel = "database";

    private readonly DatabaseCheckCatalog _catalog;

    public DatabaseSeries(DatabaseCheckCatalog catalog)
    {
        _catalog = catalog;
    }

    public ValueTask WriteAsync(ExpositionWriter writer, CancellationToken cancellationToken)
    {
        var families = new MetricFamilies();
        foreach (var check in _catalog.Checks)
        {
            check.Collect(families.WithLabels(check.CommonLabelNames, check.CommonLabelValues));
        }

        families.WriteTo(writer);
        return writer.FlushIfFullAsync(cancellationToken);
    }
}
