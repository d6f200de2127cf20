using KpiExporter.Exposition;
using Npgsql;

namespace KpiExporter.Sources.Database;

/// <summary>
/// The newest row of a table: <c>max(ts)</c> below now, which PostgreSQL answers from the end of the timestamp
/// index (one index probe, whatever the table's size). Rows stamped in the future are ignored, so a clock-skewed
/// writer cannot hide a stalled pipeline.
/// </summary>
internal sealed class FreshnessCheck : DatabaseCheck<FreshnessResult>
{
    public const string KindLabel = "freshness";

    private static readonly MetricFamily LastRow = MetricFamily.Gauge("kpi_table_last_row_timestamp_seconds", "Newest value of the table's timestamp column, as a Unix timestamp (0 when the table has no row yet).", "table");
    private static readonly MetricFamily StaleWarning = MetricFamily.Gauge("kpi_table_stale_warning_seconds", "Configured age of the newest row, in seconds, from which the table counts as stale (warning).", "table");
    private static readonly MetricFamily StaleCritical = MetricFamily.Gauge("kpi_table_stale_critical_seconds", "Configured age of the newest row, in seconds, from which the table counts as stale (critical).", "table");

    private readonly string _sql;

    public FreshnessCheck(TableCheckOptions table, TimeSpan interval, TimeSpan timeout)
        : base(KindLabel, table.Name, interval, timeout)
    {
        Options = table;
        var ts = SqlIdentifier.Quote(table.TimestampColumn);
        _sql = $"SELECT max({ts}) FROM {SqlIdentifier.Quote(table.Table ?? table.Name)} WHERE {ts} < $1";
    }

    public TableCheckOptions Options { get; }

    public override IReadOnlyList<DatabaseStatement> Statements(DateTimeOffset now) =>
        [new(_sql, [DatabaseParameters.Instant(now)])];

    public override async Task<DatabaseCheckResult> ReadAsync(NpgsqlDataReader reader, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await reader.ReadAsync(cancellationToken);
        var newest = await reader.IsDBNullAsync(0, cancellationToken) ? (DateTimeOffset?)null : DatabaseParameters.ReadInstant(reader, 0);
        return new FreshnessResult(Source, newest);
    }

    protected override void Collect(MetricFamilies families, FreshnessResult? last)
    {
        families.Declare(LastRow);
        families.Add(StaleWarning, Options.StaleWarningSeconds, Source);
        families.Add(StaleCritical, Options.StaleCriticalSeconds, Source);
        if (last is not null)
        {
            families.Add(LastRow, last.NewestRow is { } newest ? Seconds(newest) : 0, Source);
        }
    }
}

/// <summary>Newest value of the table's timestamp column before now; null when the table has no such row.</summary>
internal sealed record FreshnessResult(string Table, DateTimeOffset? NewestRow) : DatabaseCheckResult
{
    public override long Rows => 1;
}
