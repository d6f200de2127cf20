using System.Globalization;
using System.Text;
using KpiExporter.Configuration;
using KpiExporter.Exposition;
using Npgsql;
using static KpiExporter.Sources.Database.DatabaseValidation;

namespace KpiExporter.Sources.Database;

/// <summary>
/// Elementary's volume-anomaly test, per table: rows from local midnight to now today and, for each of the last N
/// same weekdays, from that day's local midnight to the same local clock time (so a daylight-saving change between
/// the weeks compares like with like). Each span is its own range count over the timestamp index, so the cost is
/// the rows in the spans, never the table's size. A week before the table's first row is not exported at all: a
/// table with two weeks of history has two baselines, not two plus two zeros. The mean, spread and z-score are
/// recording rules (rules/volume.rules.yml), as for the checkout counts.
/// </summary>
internal sealed class VolumeAnomalyCheck : DatabaseCheck<VolumeAnomalyResult>
{
    public const string KindLabel = "volume_anomaly";

    public const string WeeksAgoLabel = "weeks_ago";

    private static readonly MetricFamily RowsSoFar = MetricFamily.Gauge("kpi_table_rows_so_far", "Rows from local midnight to the same local time of day, today (weeks_ago=\"0\") and on each of the last same weekdays that the table has history for.", "table", WeeksAgoLabel);
    private static readonly MetricFamily SpanEnd = MetricFamily.Gauge("kpi_table_rows_so_far_until_timestamp_seconds", "End of the span kpi_table_rows_so_far counts today (the check's last run), as a Unix timestamp.", "table");
    private static readonly MetricFamily Threshold = MetricFamily.Gauge("kpi_table_volume_threshold", "Configured volume-anomaly thresholds per table (min_expected_rows, min_weeks, max_zscore, max_ratio_to_mean).", "table", "threshold");

    private readonly ZoneCalendar _calendar;
    private readonly string _sql;
    private readonly string[] _weeksAgo;

    public VolumeAnomalyCheck(VolumeAnomalyCheckOptions options, ZoneCalendar calendar, TimeSpan interval, TimeSpan timeout)
        : base(KindLabel, options.Name, interval, timeout)
    {
        Options = options;
        _calendar = calendar;
        var table = SqlIdentifier.Quote(options.Table ?? options.Name);
        var ts = SqlIdentifier.Quote(options.TimestampColumn);
        var sql = new StringBuilder($"SELECT (SELECT min({ts}) FROM {table})");
        for (var week = 0; week <= options.Weeks; week++)
        {
            sql.Append(CultureInfo.InvariantCulture, $", (SELECT count(*) FROM {table} WHERE {ts} >= ${(2 * week) + 1} AND {ts} < ${(2 * week) + 2})");
        }

        _sql = sql.ToString();
        _weeksAgo = Enumerable.Range(0, options.Weeks + 1).Select(w => w.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    public VolumeAnomalyCheckOptions Options { get; }

    /// <summary>The span counted <paramref name="weeksAgo"/> weeks before <paramref name="now"/>: that day's local midnight to the same local time.</summary>
    public (DateTimeOffset From, DateTimeOffset Until) Span(DateTimeOffset now, int weeksAgo)
    {
        var midnight = _calendar.DayStart(now);
        return weeksAgo == 0
            ? (midnight, now)
            : (_calendar.SameLocalTimeDaysBefore(midnight, 7 * weeksAgo), _calendar.SameLocalTimeDaysBefore(now, 7 * weeksAgo));
    }

    public override IReadOnlyList<DatabaseStatement> Statements(DateTimeOffset now)
    {
        var parameters = new List<NpgsqlParameter>(2 * (Options.Weeks + 1));
        for (var week = 0; week <= Options.Weeks; week++)
        {
            var (from, until) = Span(now, week);
            parameters.Add(DatabaseParameters.Instant(from));
            parameters.Add(DatabaseParameters.Instant(until));
        }

        return [new(_sql, parameters)];
    }

    public override async Task<DatabaseCheckResult> ReadAsync(NpgsqlDataReader reader, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await reader.ReadAsync(cancellationToken);
        DateTimeOffset? firstRow = await reader.IsDBNullAsync(0, cancellationToken) ? null : DatabaseParameters.ReadInstant(reader, 0);
        var counts = new List<long>(Options.Weeks + 1) { reader.GetInt64(1) };
        for (var week = 1; week <= Options.Weeks; week++)
        {
            // A week whose span starts before the table's first row has no history, not zero rows.
            if (firstRow is not { } first || first > Span(now, week).From)
            {
                break;
            }

            counts.Add(reader.GetInt64(week + 1));
        }

        return new VolumeAnomalyResult(Source, now, counts);
    }

    protected override void Collect(MetricFamilies families, VolumeAnomalyResult? last)
    {
        families.Declare(RowsSoFar);
        families.Declare(SpanEnd);
        families.Add(Threshold, Options.MinExpectedRows, Source, "min_expected_rows");
        families.Add(Threshold, Options.MinWeeks, Source, "min_weeks");
        families.Add(Threshold, Options.MaxZScore, Source, "max_zscore");
        families.Add(Threshold, Options.MaxRatioToMean, Source, "max_ratio_to_mean");
        if (last is null)
        {
            return;
        }

        families.Add(SpanEnd, Seconds(last.Until), Source);
        for (var week = 0; week < last.RowsSoFar.Count; week++)
        {
            families.Add(RowsSoFar, last.RowsSoFar[week], Source, _weeksAgo[week]);
        }
    }
}

/// <summary>
/// A table whose rows so far today are compared with the same elapsed time on the last same weekdays:
/// <c>Database:VolumeAnomalies:N:*</c>.
/// </summary>
public sealed class VolumeAnomalyCheckOptions : DatabaseCheckOptions
{
    public const int MaxWeeks = 12;

    /// <summary>The table, optionally schema-qualified; empty means <see cref="DatabaseCheckOptions.Name"/>.</summary>
    public string? Table { get; set; }

    /// <summary>A <c>timestamptz</c> column with an index (the row's creation time).</summary>
    public string TimestampColumn { get; set; } = "created_at";

    /// <summary>How many same weekdays back form the baseline (1 to 12).</summary>
    public int Weeks { get; set; } = 4;

    /// <summary>The fewest weeks with history before the alert judges (1 to <see cref="Weeks"/>).</summary>
    public int MinWeeks { get; set; } = 3;

    /// <summary>The volume gate: below this many rows expected so far, the table is not judged (night, small tables).</summary>
    public double MinExpectedRows { get; set; } = 100;

    /// <summary>The alert's z-score bound: today's rows at most this many standard deviations from the mean.</summary>
    public double MaxZScore { get; set; } = -3;

    /// <summary>The alert's ratio bound: today's rows at most this fraction of the mean (a z-score alone pages on small wobbles of a steady table).</summary>
    public double MaxRatioToMean { get; set; } = 0.6;

    internal override IEnumerable<DatabaseCheck> CreateChecks(DatabaseCheckContext context) =>
        [new VolumeAnomalyCheck(this, context.Calendar, context.Interval(this), context.Timeout(this))];

    internal override void Validate(List<string> failures)
    {
        Table(Key, Table, failures);
        Column($"{Key}:TimestampColumn", TimestampColumn, failures);
        Range($"{Key}:Weeks", Weeks, 1, MaxWeeks, $"a whole number of weeks from 1 to {MaxWeeks}", failures);
        Range($"{Key}:MinWeeks", MinWeeks, 1, Math.Clamp(Weeks, 1, MaxWeeks), $"a whole number of weeks from 1 to {Key}:Weeks ({Weeks})", failures);
        Range($"{Key}:MinExpectedRows", MinExpectedRows, 0, 1e12, "a number of rows, 0 or more", failures);
        Range($"{Key}:MaxZScore", MaxZScore, -100, 0, "a z-score from -100 to 0 (below the mean)", failures);
        Range($"{Key}:MaxRatioToMean", MaxRatioToMean, 0, 1, "a fraction of the mean from 0 to 1", failures);
    }
}

/// <summary>Rows so far today (index 0) and on each past same weekday with history (index k = k weeks ago), counted until <paramref name="Until"/>.</summary>
internal sealed record VolumeAnomalyResult(string Table, DateTimeOffset Until, IReadOnlyList<long> RowsSoFar) : DatabaseCheckResult
{
    public override long Rows => 1;
}
