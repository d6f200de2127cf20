using System.Globalization;
using System.Text;
using KpiExporter.Configuration;
using KpiExporter.Exposition;
using Npgsql;
using static KpiExporter.Sources.Database.DatabaseValidation;

namespace KpiExporter.Sources.Database;

/// <summary>
/// A revenue stream judged in minutes: the newest sale before now (one probe at the end of the timestamp index),
/// sales over the trailing 5 and 15 minutes, and sales in the same time-of-week slot (centred on now's local time)
/// of each of the last N weeks. Every window is an index range scan with bounds computed here, so the cost follows
/// the rows in the windows, not the size of the table. The rules turn the slot counts into the expected rate now
/// and page when the silence since the last sale is implausible at that rate (rules/revenue-stream.rules.yml).
/// </summary>
internal sealed class RevenueStreamCheck : DatabaseCheck<RevenueStreamResult>
{
    public const string KindLabel = "revenue_stream";

    /// <summary>The trailing windows, label and length.</summary>
    public static readonly IReadOnlyList<(string Name, TimeSpan Length)> RecentWindows =
    [
        ("5m", TimeSpan.FromMinutes(5)),
        ("15m", TimeSpan.FromMinutes(15)),
    ];

    private static readonly MetricFamily LastSale = MetricFamily.Gauge("kpi_revenue_last_sale_timestamp_seconds", "Newest transaction with the revenue status before the stream was last read, as a Unix timestamp (0 when the table has none).", "table");
    private static readonly MetricFamily Observed = MetricFamily.Gauge("kpi_revenue_stream_observed_timestamp_seconds", "The instant the revenue stream was last read up to (the end of its windows), as a Unix timestamp.", "table");
    private static readonly MetricFamily RecentCount = MetricFamily.Gauge("kpi_revenue_recent_transactions", "Revenue transactions in a trailing window ending when the stream was last read.", "table", "window");
    private static readonly MetricFamily SlotCount = MetricFamily.Gauge("kpi_revenue_slot_transactions", "Revenue transactions in the same weekday and time-of-day slot (centred on the time the stream was read), weeks_ago weeks earlier.", "table", "weeks_ago");
    private static readonly MetricFamily RecentLength = MetricFamily.Gauge("kpi_revenue_recent_window_seconds", "Length of a trailing window of kpi_revenue_recent_transactions, in seconds.", "table", "window");
    private static readonly MetricFamily SlotLength = MetricFamily.Gauge("kpi_revenue_slot_seconds", "Configured length of the time-of-day slot of kpi_revenue_slot_transactions, in seconds.", "table");
    private static readonly MetricFamily Threshold = MetricFamily.Gauge("kpi_revenue_silence_threshold_transactions", "Configured k: the silence alarm fires when the sales expected since the last sale reach this number (chance e^-k by luck).", "table");
    private static readonly MetricFamily Gate = MetricFamily.Gauge("kpi_revenue_min_expected_rate_per_second", "Configured minimum expected rate, in sales per second, below which the silence alarm stays quiet.", "table");

    private readonly ZoneCalendar _calendar;
    private readonly string _lastSaleSql;
    private readonly string _windowsSql;
    private readonly bool _filtered;

    public RevenueStreamCheck(RevenueStreamCheckOptions stream, ZoneCalendar calendar, TimeSpan interval, TimeSpan timeout)
        : base(KindLabel, stream.Name, interval, timeout)
    {
        Options = stream;
        _calendar = calendar;
        var table = SqlIdentifier.Quote(stream.Table ?? stream.Name);
        var ts = SqlIdentifier.Quote(stream.TimestampColumn);
        _filtered = !string.IsNullOrEmpty(stream.StatusColumn) && !string.IsNullOrEmpty(stream.RevenueStatus);
        var windowCount = RecentWindows.Count + stream.HistoryWeeks;
        string Filter(int parameter) => _filtered ? $" AND {SqlIdentifier.Quote(stream.StatusColumn!)}::text = ${parameter}" : "";

        _lastSaleSql = $"SELECT max({ts}) FROM {table} WHERE {ts} < $1{Filter(2)}";
        var sql = new StringBuilder();
        for (var i = 0; i < windowCount; i++)
        {
            if (i > 0)
            {
                sql.Append("\nUNION ALL\n");
            }

            sql.Append(CultureInfo.InvariantCulture, $"SELECT {i} AS w, count(*) AS transactions FROM {table} WHERE {ts} >= ${(i * 2) + 1} AND {ts} < ${(i * 2) + 2}{Filter((windowCount * 2) + 1)}");
        }

        _windowsSql = sql.ToString();
    }

    public RevenueStreamCheckOptions Options { get; }

    /// <summary>The trailing windows ending at <paramref name="now"/>.</summary>
    public static IReadOnlyList<(string Name, DateTimeOffset From, DateTimeOffset To)> Recent(DateTimeOffset now) =>
        RecentWindows.Select(w => (w.Name, now - w.Length, now)).ToList();

    /// <summary>
    /// The slot of each past week: <see cref="RevenueStreamCheckOptions.SlotSeconds"/> centred on the instant showing
    /// now's local clock time 7, 14, ... days earlier (so a daylight-saving change keeps comparing 15:00 with 15:00).
    /// </summary>
    public IReadOnlyList<(string Name, DateTimeOffset From, DateTimeOffset To)> History(DateTimeOffset now)
    {
        var half = TimeSpan.FromSeconds(Options.SlotSeconds / 2);
        return Enumerable.Range(1, Options.HistoryWeeks)
            .Select(w =>
            {
                var centre = _calendar.SameLocalTimeDaysBefore(now, 7 * w);
                return (w.ToString(CultureInfo.InvariantCulture), centre - half, centre + half);
            })
            .ToList();
    }

    public override IReadOnlyList<DatabaseStatement> Statements(DateTimeOffset now)
    {
        var lastSale = new List<NpgsqlParameter> { DatabaseParameters.Instant(now) };
        var windows = new List<NpgsqlParameter>();
        foreach (var (_, from, to) in Recent(now).Concat(History(now)))
        {
            windows.Add(DatabaseParameters.Instant(from));
            windows.Add(DatabaseParameters.Instant(to));
        }

        if (_filtered)
        {
            lastSale.Add(DatabaseParameters.Text(Options.RevenueStatus!));
            windows.Add(DatabaseParameters.Text(Options.RevenueStatus!));
        }

        return [new(_lastSaleSql, lastSale), new(_windowsSql, windows)];
    }

    public override async Task<DatabaseCheckResult> ReadAsync(NpgsqlDataReader reader, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await reader.ReadAsync(cancellationToken);
        var lastSale = await reader.IsDBNullAsync(0, cancellationToken) ? (DateTimeOffset?)null : DatabaseParameters.ReadInstant(reader, 0);

        var windows = Recent(now).Concat(History(now)).ToList();
        var counts = new long[windows.Count];
        if (await reader.NextResultAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                counts[reader.GetInt32(0)] = reader.GetInt64(1);
            }
        }

        var figures = windows.Select((w, i) => new RevenueStreamWindow(w.Name, w.From, w.To, counts[i])).ToList();
        return new RevenueStreamResult(Source, now, lastSale, figures[..RecentWindows.Count], figures[RecentWindows.Count..]);
    }

    /// <summary>The configured thresholds always (the rules read k and the gate from here); the measured values once a run succeeded.</summary>
    protected override void Collect(MetricFamilies families, RevenueStreamResult? last)
    {
        families.Declare(LastSale);
        families.Declare(Observed);
        families.Declare(RecentCount);
        families.Declare(SlotCount);
        foreach (var (name, length) in RecentWindows)
        {
            families.Add(RecentLength, length.TotalSeconds, Source, name);
        }

        families.Add(SlotLength, Options.SlotSeconds, Source);
        families.Add(Threshold, Options.SilenceThreshold, Source);
        families.Add(Gate, Options.MinExpectedPerHour / 3600, Source);
        RevenueThresholds.Add(
            families,
            Source,
            ("rate_drop_max_zscore", Options.RateDropMaxZScore),
            ("rate_drop_max_deviation_ratio", Options.RateDropMaxDeviationRatio),
            ("rate_drop_min_expected", Options.RateDropMinExpected));
        if (last is null)
        {
            return;
        }

        families.Add(LastSale, last.LastSale is { } sale ? Seconds(sale) : 0, Source);
        families.Add(Observed, Seconds(last.ObservedAt), Source);
        foreach (var w in last.Recent)
        {
            families.Add(RecentCount, w.Transactions, Source, w.Name);
        }

        foreach (var w in last.History)
        {
            families.Add(SlotCount, w.Transactions, Source, w.Name);
        }
    }
}

/// <summary>
/// A revenue stream watched in minutes rather than hours: <c>Database:Streams:N:*</c>. The check exports the time
/// of the newest sale, counts over short trailing windows and the same time-of-week slot of the last
/// <see cref="HistoryWeeks"/> weeks; the rules page when the silence since the last sale is implausible at the
/// expected rate (docs/alerting.md, "Revenue streams").
/// </summary>
public sealed class RevenueStreamCheckOptions : DatabaseCheckOptions
{
    public const int MaxHistoryWeeks = 12;

    /// <summary>The transactions table, optionally schema-qualified; empty means <see cref="DatabaseCheckOptions.Name"/>.</summary>
    public string? Table { get; set; }

    /// <summary>An indexed <c>timestamptz</c> column: when the sale happened.</summary>
    public string TimestampColumn { get; set; } = "created_at";

    /// <summary>The status column; empty means the table has none (every row is a sale).</summary>
    public string? StatusColumn { get; set; } = "status";

    /// <summary>The status value that counts as a sale (e.g. <c>approved</c>); empty means every row counts.</summary>
    public string? RevenueStatus { get; set; }

    /// <summary>How many past weeks give the expected rate (the same weekday and time of day, 1 to 12).</summary>
    public int HistoryWeeks { get; set; } = 4;

    /// <summary>Length of the time-of-day slot, centred on now's local time, counted in each past week.</summary>
    public double SlotSeconds { get; set; } = 900;

    /// <summary>
    /// k: the silence alarm fires when the sales expected during the silence since the last sale reach k (the chance
    /// of such a silence by luck is e^-k). Exported as <c>kpi_revenue_silence_threshold_transactions</c>.
    /// </summary>
    public double SilenceThreshold { get; set; } = SilenceAlarm.DefaultThreshold;

    /// <summary>
    /// Below this expected rate (sales per hour) the silence alarm stays quiet: quiet nights never page. Exported in
    /// sales per second as <c>kpi_revenue_min_expected_rate_per_second</c>.
    /// </summary>
    public double MinExpectedPerHour { get; set; } = SilenceAlarm.DefaultMinExpectedPerHour;

    /// <summary>RevenueRateDrop (P2): z-score of the last 15 minutes at most this...</summary>
    public double RateDropMaxZScore { get; set; } = -3;

    /// <summary>...and deviation from expected at most this (-0.5 = half)...</summary>
    public double RateDropMaxDeviationRatio { get; set; } = -0.5;

    /// <summary>...with at least this many sales expected in those 15 minutes.</summary>
    public double RateDropMinExpected { get; set; } = 5;

    internal override IEnumerable<DatabaseCheck> CreateChecks(DatabaseCheckContext context) =>
        [new RevenueStreamCheck(this, context.Calendar, context.Interval(this), context.Timeout(this))];

    internal override void Validate(List<string> failures)
    {
        Table(Key, Table, failures);
        Column($"{Key}:TimestampColumn", TimestampColumn, failures);
        StatusFilter(Key, StatusColumn, RevenueStatus, failures);

        if (HistoryWeeks is < 1 or > MaxHistoryWeeks)
        {
            failures.Add($"{Key}:HistoryWeeks = '{HistoryWeeks}': must be from 1 to {MaxHistoryWeeks}.");
        }

        Seconds($"{Key}:SlotSeconds", SlotSeconds, 60, 86400, failures);
        SilenceAlarm.Validate(Key, SilenceThreshold, MinExpectedPerHour, failures);

        Range($"{Key}:RateDropMaxZScore", RateDropMaxZScore, -100, -0.1, "a negative z-score (-3 = three standard deviations below)", failures);
        Range($"{Key}:RateDropMaxDeviationRatio", RateDropMaxDeviationRatio, -1, -0.01, "a deviation from -1 to below 0 (-0.5 = half)", failures);
        Range($"{Key}:RateDropMinExpected", RateDropMinExpected, 0, 1e9, "a number of sales, 0 or more", failures);
    }
}

/// <summary>
/// What one run of a <see cref="RevenueStreamCheck"/> found at <paramref name="ObservedAt"/> (the instant the
/// windows end at): the newest sale before it (null when the table has none), sales in the trailing windows, and
/// sales in the same time-of-week slot of each past week (index 0 is one week ago).
/// </summary>
internal sealed record RevenueStreamResult(
    string Table,
    DateTimeOffset ObservedAt,
    DateTimeOffset? LastSale,
    IReadOnlyList<RevenueStreamWindow> Recent,
    IReadOnlyList<RevenueStreamWindow> History) : DatabaseCheckResult
{
    public override long Rows => 1 + Recent.Count + History.Count;
}

/// <summary>Sales counted in [<paramref name="From"/>, <paramref name="To"/>); <paramref name="Name"/> is the window label (<c>5m</c>) or the weeks ago (<c>1</c>).</summary>
internal sealed record RevenueStreamWindow(string Name, DateTimeOffset From, DateTimeOffset To, long Transactions);
