using KpiExporter.Exposition;

namespace KpiExporter.Sources.Database;

/// <summary>
/// The database source's series: every check adds its own from its last good result, grouped by family so that
/// checks of one kind share one HELP and TYPE.
/// </summary>
internal sealed class DatabaseSeries : IMetricsSource
{
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
            check.Collect(families);
        }

        families.WriteTo(writer);
        return writer.FlushIfFullAsync(cancellationToken);
    }
}
