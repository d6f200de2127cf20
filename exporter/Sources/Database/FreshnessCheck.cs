using KpiExporter.Configuration;
using Npgsql;

namespace KpiExporter.Sources.Database;

/// <summary>
/// The newest row of a table: <c>max(ts)</c> below now, which PostgreSQL answers from the end of the timestamp
/// index (one index probe, whatever the table's size). Rows stamped in the future are ignored, so a clock-skewed
/// writer cannot hide a stalled pipeline.
/// </summary>
internal sealed class FreshnessCheck : DatabaseCheck
{
    private readonly string _sql;

    public FreshnessCheck(TableCheckOptions table, TimeSpan interval, TimeSpan timeout)
        : base(DatabaseCheckKind.Freshness, table.Name, interval, timeout)
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
}
