using KpiExporter.Configuration;
using KpiExporter.Exposition;
using Npgsql;
using static KpiExporter.Sources.Database.DatabaseValidation;

namespace KpiExporter.Sources.Database;

/// <summary>
/// Whether a table's data for the day has landed: at least <see cref="TableDeadlineOptions.MinRows"/> rows with
/// today's timestamp (local midnight to now, business time zone). The count stops at MinRows (a LIMIT in a
/// subquery over the timestamp index), so it costs the same on any table. The first run that sees enough rows
/// records when the deadline was met; the deadline's series are rendered by the deadline source.
/// </summary>
internal sealed class TableDeadlineCheck : DatabaseCheck<TableDeadlineResult>
{
    public const string KindLabel = "deadline";

    private readonly ZoneCalendar _calendar;
    private readonly string _sql;

    public TableDeadlineCheck(TableDeadlineOptions options, ZoneCalendar calendar, TimeSpan interval, TimeSpan timeout)
        : base(KindLabel, options.Name, interval, timeout)
    {
        Options = options;
        _calendar = calendar;
        var ts = SqlIdentifier.Quote(options.TimestampColumn);
        _sql = $"SELECT count(*) FROM (SELECT 1 FROM {SqlIdentifier.Quote(options.Table)} WHERE {ts} >= $1 AND {ts} < $2 LIMIT $3) AS landed";
    }

    public TableDeadlineOptions Options { get; }

    public ZoneCalendar Calendar => _calendar;

    public override IReadOnlyList<DatabaseStatement> Statements(DateTimeOffset now) =>
        [new(_sql, [DatabaseParameters.Instant(_calendar.DayStart(now)), DatabaseParameters.Instant(now), DatabaseParameters.Integer(Options.MinRows)])];

    public override async Task<DatabaseCheckResult> ReadAsync(NpgsqlDataReader reader, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await reader.ReadAsync(cancellationToken);
        var rows = reader.GetInt64(0);
        var dayStart = _calendar.DayStart(now);
        var earlier = Last is { } last && last.DayStart == dayStart ? last.MetAt : null;
        return new TableDeadlineResult(Options.Table, dayStart, rows, earlier ?? (rows >= Options.MinRows ? now : null));
    }

    /// <summary>Nothing of its own: <c>kpi_source_*</c> report the query's health, the deadline source the deadline.</summary>
    protected override void Collect(MetricFamilies families, TableDeadlineResult? last)
    {
    }
}

/// <summary>A deadline for a table's data of the day: <c>Database:Deadlines:N:*</c>.</summary>
public sealed class TableDeadlineOptions : DatabaseCheckOptions, IDeadlineSchedule
{
    /// <summary>The table, optionally schema-qualified (<c>public.transactions</c>).</summary>
    public string Table { get; set; } = "";

    /// <summary>A <c>timestamptz</c> column with an index (the row's business time).</summary>
    public string TimestampColumn { get; set; } = "created_at";

    /// <summary>Rows with today's timestamp that count as "today's data has landed".</summary>
    public int MinRows { get; set; } = 1;

    public string Time { get; set; } = "";

    public List<DayOfWeek> Weekdays { get; set; } = [];

    public double WarningMinutes { get; set; } = 30;

    internal override IEnumerable<DatabaseCheck> CreateChecks(DatabaseCheckContext context) =>
        [new TableDeadlineCheck(this, context.Calendar, context.Interval(this), context.Timeout(this))];

    internal override void Validate(List<string> failures)
    {
        if (string.IsNullOrEmpty(Table))
        {
            failures.Add($"{Key}:Table is empty; name the table whose rows of the day must land.");
        }

        Table(Key, Table, failures);
        Column($"{Key}:TimestampColumn", TimestampColumn, failures);
        if (MinRows is < 1 or > 1_000_000)
        {
            failures.Add($"{Key}:MinRows = '{MinRows}': must be from 1 to 1000000.");
        }

        DeadlineCalendar.Validate(Key, this, failures);
    }
}

/// <summary>Rows of the day found (up to MinRows) and, once there were enough, when the exporter first saw them.</summary>
internal sealed record TableDeadlineResult(string Table, DateTimeOffset DayStart, long RowsToday, DateTimeOffset? MetAt) : DatabaseCheckResult
{
    public override long Rows => 1;
}
