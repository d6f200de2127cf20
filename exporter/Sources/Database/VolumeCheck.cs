using KpiExporter.Configuration;
using Npgsql;

namespace KpiExporter.Sources.Database;

/// <summary>Rows since local midnight: a count over the timestamp index from midnight to now.</summary>
internal sealed class VolumeCheck : DatabaseCheck
{
    private readonly ZoneCalendar _calendar;
    private readonly string _sql;

    public VolumeCheck(TableCheckOptions table, ZoneCalendar calendar, TimeSpan interval, TimeSpan timeout)
        : base(DatabaseCheckKind.Volume, table.Name, interval, timeout)
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
}
