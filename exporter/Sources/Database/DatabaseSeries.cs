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

    /// <summary>
    /// One series per check joining its source-health series (<c>kpi_source_*{kind,source}</c>) to its database and
    /// static labels, so that SourceFailing for a database check carries them (rules/pipelines.rules.yml) and can be
    /// routed by team or database.
    /// </summary>
    private static readonly MetricFamily CheckInfo = MetricFamily.Gauge("kpi_database_check_info", "A configured database check (value 1): its kind and source as in kpi_source_up, with its database and static labels.", "kind", "source");

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
            var labelled = families.WithLabels(check.CommonLabelNames, check.CommonLabelValues);
            labelled.Add(CheckInfo, 1, check.Kind, check.Source);
            check.Collect(labelled);
        }

        return families.WriteToAsync(writer, cancellationToken);
    }
}
