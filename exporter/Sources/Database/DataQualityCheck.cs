using System.Text;
using KpiExporter.Exposition;
using Npgsql;
using static KpiExporter.Sources.Database.DatabaseValidation;

namespace KpiExporter.Sources.Database;

/// <summary>
/// Rows of the recent window with a negative amount, and rows with NULL in each required column: one pass over
/// the window's index range with one <c>count(*) FILTER (...)</c> per figure.
/// </summary>
internal sealed class DataQualityCheck : DatabaseCheck<DataQualityResult>
{
    public const string KindLabel = "data_quality";

    private static readonly MetricFamily NegativeRows = MetricFamily.Gauge("kpi_data_quality_negative_amount_rows", "Rows with a negative amount in the data-quality window.", "table");
    private static readonly MetricFamily NullRows = MetricFamily.Gauge("kpi_data_quality_null_rows", "Rows with NULL in a required column in the data-quality window.", "table", "column");
    private static readonly MetricFamily Window = MetricFamily.Gauge("kpi_data_quality_window_seconds", "The recent window, in seconds, that the data-quality counts cover.", "table");

    private readonly string _sql;
    private readonly TimeSpan _window;

    public DataQualityCheck(DataQualityCheckOptions quality, TimeSpan interval, TimeSpan timeout)
        : base(KindLabel, quality.Name, interval, timeout)
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

    protected override void Collect(MetricFamilies families, DataQualityResult? last)
    {
        families.Declare(NegativeRows);
        families.Declare(NullRows);
        families.Add(Window, Options.WindowSeconds, Source);
        if (last is null)
        {
            return;
        }

        if (last.NegativeAmountRows is { } negative)
        {
            families.Add(NegativeRows, negative, Source);
        }

        foreach (var (column, count) in last.NullRows)
        {
            families.Add(NullRows, count, Source, column);
        }
    }
}

/// <summary>Data-quality counts over a recent window: <c>Database:DataQuality:N:*</c>.</summary>
public sealed class DataQualityCheckOptions : DatabaseCheckOptions
{
    public string? Table { get; set; }

    public string TimestampColumn { get; set; } = "created_at";

    /// <summary>Column whose negative values are counted; empty means no negative-amount count.</summary>
    public string? AmountColumn { get; set; } = "amount";

    /// <summary>Columns that must not be NULL; each gets a <c>kpi_data_quality_null_rows{column}</c> series.</summary>
    public List<string> RequiredColumns { get; set; } = [];

    /// <summary>How far back from now the rows are checked, in seconds.</summary>
    public double WindowSeconds { get; set; } = 3600;

    internal override IEnumerable<DatabaseCheck> CreateChecks(DatabaseCheckContext context) =>
        [new DataQualityCheck(this, context.Interval(this), context.Timeout(this))];

    internal override void Validate(List<string> failures)
    {
        Table(Key, Table, failures);
        Column($"{Key}:TimestampColumn", TimestampColumn, failures);
        if (!string.IsNullOrEmpty(AmountColumn))
        {
            Column($"{Key}:AmountColumn", AmountColumn, failures);
        }

        for (var c = 0; c < RequiredColumns.Count; c++)
        {
            Column($"{Key}:RequiredColumns:{c}", RequiredColumns[c], failures);
        }

        if (string.IsNullOrEmpty(AmountColumn) && RequiredColumns.Count == 0)
        {
            failures.Add($"{Key} ('{Name}'): neither AmountColumn nor RequiredColumns is set; there is nothing to check.");
        }

        Seconds($"{Key}:WindowSeconds", WindowSeconds, 1, 366 * 86400, failures);
    }
}

/// <summary>Suspicious rows in the window [<paramref name="From"/>, now): negative amounts and NULLs per required column.</summary>
internal sealed record DataQualityResult(string Table, DateTimeOffset From, long? NegativeAmountRows, IReadOnlyDictionary<string, long> NullRows) : DatabaseCheckResult
{
    public override long Rows => 1;
}
