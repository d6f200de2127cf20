using KpiExporter.Configuration;
using KpiExporter.Exposition;
using Npgsql;

namespace KpiExporter.Sources.Database;

/// <summary>Rows since local midnight: a count over the timestamp index from midnight to now.</summary>
internal sealed class VolumeCheck : DatabaseCheck<VolumeResult>
{
    public const string KindLabel = "volume";

    private static readonly MetricFamily RowsToday = MetricFamily.Gauge("kpi_table_rows_today", "Rows of the table since local midnight in the configured time zone.", "table");
    private static readonly MetricFamily DayStart = MetricFamily.Gauge("kpi_table_day_start_timestamp_seconds", "Local midnight that starts kpi_table_rows_today, as a Unix timestamp.", "table");
    private static readonly MetricFamily ExpectedAfter = MetricFamily.Gauge("kpi_table_rows_expected_after_seconds", "Configured seconds after local midnight from which zero rows today is alarming.", "table");

    private readonly ZoneCalendar _calendar;
    private readonly string _sql;

    public VolumeCheck(TableCheckOptions table, ZoneCalendar calendar, TimeSpan interval, TimeSpan timeout)
        : base(KindLabel, table.Name, interval, timeout)
    {
        Options = table;
        _calendar = calendar;
        var ts = SqlIdentifier.Quote(table.TimestampColumn);
        _sql = $"SELECT count(*) FROM {SqlIdentifier.Quote(table.Table ?? table.Name)} WHERE {ts} >= $1 AND {ts} < $2";
    }

    public TableCheckOptions Options { get; }

    public override IReadOnlyList<DatabaseStatement> Statements(DateTimeOffset now) =>
        [new(_sql, [DatabaseParameters.Instant(_calendar.DayStart(now)), DatabaseParameters.Instant(now)])];

    public override async Task<DatabaseCheckResult> ReadAsync(NpgsqlDataReader reader, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await reader.ReadAsync(cancellationToken);
        return new VolumeResult(Source, _calendar.DayStart(now), reader.GetInt64(0));
    }

    protected override void Collect(MetricFamilies families, VolumeResult? last)
    {
        families.Declare(RowsToday);
        families.Declare(DayStart);
        families.Add(ExpectedAfter, Options.RowsExpectedAfterHour * 3600, Source);
        if (last is not null)
        {
            families.Add(RowsToday, last.RowsToday, Source);
            families.Add(DayStart, Seconds(last.DayStart), Source);
        }
    }
}

/// <summary>Rows from local midnight (<paramref name="DayStart"/>) up to now.</summary>
internal sealed record VolumeResult(string Table, DateTimeOffset DayStart, long RowsToday) : DatabaseCheckResult
{
    public override long Rows => 1;
}
