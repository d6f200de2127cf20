using KpiExporter.Exposition;
using Npgsql;
using static KpiExporter.Sources.Database.DatabaseValidation;

namespace KpiExporter.Sources.Database;

/// <summary>
/// dbt's <c>unique</c> test over a recent window: how many values of a column that must be unique (an order
/// reference, a payment id) appear on more than one row, and on how many rows in all. One pass over the window's
/// index range, grouped by the key. A double-booked order inflates every revenue figure built on the table.
/// </summary>
internal sealed class DuplicateKeysCheck : DatabaseCheck<DuplicateKeysResult>
{
    public const string KindLabel = "duplicate_keys";

    private static readonly MetricFamily Keys = MetricFamily.Gauge("kpi_data_quality_duplicate_keys", "Values of a column that must be unique which appear on more than one row in the check's window.", "table", "column");
    private static readonly MetricFamily Rows = MetricFamily.Gauge("kpi_data_quality_duplicate_key_rows", "Rows in the check's window that carry a duplicated key value (all copies counted).", "table", "column");
    private static readonly MetricFamily Window = MetricFamily.Gauge("kpi_data_quality_duplicate_window_seconds", "The recent window, in seconds, that the duplicate-key counts cover.", "table", "column");

    private readonly string _sql;
    private readonly TimeSpan _window;

    public DuplicateKeysCheck(DuplicateKeysCheckOptions options, TimeSpan interval, TimeSpan timeout)
        : base(KindLabel, options.Name, interval, timeout)
    {
        Options = options;
        _window = TimeSpan.FromSeconds(options.WindowSeconds);
        var ts = SqlIdentifier.Quote(options.TimestampColumn);
        var key = SqlIdentifier.Quote(options.KeyColumn);
        _sql = $"SELECT count(*), coalesce(sum(n), 0)::bigint FROM (SELECT count(*) AS n FROM {SqlIdentifier.Quote(options.Table ?? options.Name)} "
            + $"WHERE {ts} >= $1 AND {ts} < $2 AND {key} IS NOT NULL GROUP BY {key} HAVING count(*) > 1) AS duplicated";
    }

    public DuplicateKeysCheckOptions Options { get; }

    public override IReadOnlyList<DatabaseStatement> Statements(DateTimeOffset now) =>
        [new(_sql, [DatabaseParameters.Instant(now - _window), DatabaseParameters.Instant(now)])];

    public override async Task<DatabaseCheckResult> ReadAsync(NpgsqlDataReader reader, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await reader.ReadAsync(cancellationToken);
        return new DuplicateKeysResult(reader.GetInt64(0), reader.GetInt64(1));
    }

    protected override void Collect(MetricFamilies families, DuplicateKeysResult? last)
    {
        families.Declare(Keys);
        families.Declare(Rows);
        families.Add(Window, Options.WindowSeconds, Source, Options.KeyColumn);
        if (last is not null)
        {
            families.Add(Keys, last.DuplicatedKeys, Source, Options.KeyColumn);
            families.Add(Rows, last.DuplicatedRows, Source, Options.KeyColumn);
        }
    }
}

/// <summary>A column that must be unique among recent rows: <c>Database:DuplicateKeys:N:*</c>.</summary>
public sealed class DuplicateKeysCheckOptions : DatabaseCheckOptions
{
    public string? Table { get; set; }

    public string TimestampColumn { get; set; } = "created_at";

    /// <summary>The column whose values must be unique (NULLs are not counted, as in SQL's UNIQUE).</summary>
    public string KeyColumn { get; set; } = "";

    /// <summary>How far back from now the rows are checked, in seconds.</summary>
    public double WindowSeconds { get; set; } = 86400;

    internal override IEnumerable<DatabaseCheck> CreateChecks(DatabaseCheckContext context) =>
        [new DuplicateKeysCheck(this, context.Interval(this), context.Timeout(this))];

    internal override void Validate(List<string> failures)
    {
        Table(Key, Table, failures);
        Column($"{Key}:TimestampColumn", TimestampColumn, failures);
        Column($"{Key}:KeyColumn", KeyColumn, failures);
        Seconds($"{Key}:WindowSeconds", WindowSeconds, 1, 366 * 86400, failures);
    }
}

/// <summary>Key values found on more than one row, and the rows that carry them.</summary>
internal sealed record DuplicateKeysResult(long DuplicatedKeys, long DuplicatedRows) : DatabaseCheckResult
{
    public override long Rows => 1;
}
