using System.Text;
using KpiExporter.Configuration;
using Npgsql;

namespace KpiExporter.Sources.Database;

/// <summary>
/// Rows of the recent window with a negative amount, and rows with NULL in each required column: one pass over
/// the window's index range with one <c>count(*) FILTER (...)</c> per figure.
/// </summary>
internal sealed class DataQualityCheck : DatabaseCheck
{
    private readonly string _sql;
    private readonly TimeSpan _window;

    public DataQualityCheck(DataQualityCheckOptions quality, TimeSpan interval, TimeSpan timeout)
        : base(DatabaseCheckKind.DataQuality, quality.Name, interval, timeout)
    {
        Options = quality;
        _window = TimeSpan.FromSeconds(quality.WindowSeconds);
        var ts = SqlIdentifier.Quote(quality.TimestampColumn);
        var columns = new List<string>();
        if (!string.IsNullOrEmpty(quality.AmountColumn))
        {
            columns.Add($"count(*) FILTER (WHERE {SqlIdentifier.Quote(quality.AmountColumn)} < 0)");
        }

        columns.AddRange(quality.RequiredColumns.Select(c => $"count(*) FILTER (WHERE {SqlIdentifier.Quote(c)} IS NULL)"));
        _sql = new StringBuilder("SELECT ")
            .AppendJoin(", ", columns)
            .Append($" FROM {SqlIdentifier.Quote(quality.Table ?? quality.Name)} WHERE {ts} >= $1 AND {ts} < $2")
            .ToString();
    }

    public DataQualityCheckOptions Options { get; }

    public override IReadOnlyList<DatabaseStatement> Statements(DateTimeOffset now) =>
        [new(_sql, [DatabaseParameters.Instant(now - _window), DatabaseParameters.Instant(now)])];

    public override async Task<DatabaseCheckResult> ReadAsync(NpgsqlDataReader reader, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await reader.ReadAsync(cancellationToken);
        var column = 0;
        long? negative = null;
        if (!string.IsNullOrEmpty(Options.AmountColumn))
        {
            negative = reader.GetInt64(column++);
        }

        var nulls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var required in Options.RequiredColumns)
        {
            nulls[required] = reader.GetInt64(column++);
        }

        return new DataQualityResult(Source, now - _window, negative, nulls);
    }
}
