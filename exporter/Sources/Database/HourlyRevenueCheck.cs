using KpiExporter.Configuration;
using System.Globalization;
using System.Text;
using KpiExporter.Exposition;
using Npgsql;
using static KpiExporter.Sources.Database.DatabaseValidation;

namespace KpiExporter.Sources.Database;

/// <summary>
/// Revenue and transactions per hour window, aligned to the configured time zone's hours: the current (partial)
/// hour, the last completed hour, the one before, and the same hour as the last one yesterday and a week ago.
/// Each window is its own index range scan of one hour, so the cost follows the rows per hour, not the table's
/// size. A second statement counts the last completed hour's transactions by status. With a currency column each
/// window is also grouped by currency, and every figure carries a <c>currency</c> label: amounts of different
/// currencies are never added up. The currencies exported are bounded (an allowlist, or the most frequent
/// <c>MaxCurrencies</c>); the transactions of the rest are counted in
/// <c>kpi_revenue_hour_other_currency_transactions</c>, never summed into an amount.
/// </summary>
internal sealed class HourlyRevenueCheck : DatabaseCheck<HourlyRevenueResult>
{
    public const string KindLabel = "revenue";
    public const string CurrentHour = "current_hour";
    public const string LastHour = "last_hour";
    public const string PreviousHour = "previous_hour";
    public const string SameHourYesterday = "same_hour_yesterday";
    public const string SameHourLastWeek = "same_hour_last_week";

    /// <summary>The label of a figure's currency, added to the samples (not to the families) when a currency column is configured.</summary>
    public const string CurrencyLabel = "currency";

    public static readonly IReadOnlyList<string> WindowNames = [CurrentHour, LastHour, PreviousHour, SameHourYesterday, SameHourLastWeek];

    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static readonly MetricFamily Amount = MetricFamily.Gauge("kpi_revenue_hour_amount", "Revenue summed over an hour window: current_hour (partial), last_hour (last completed), previous_hour, same_hour_yesterday, same_hour_last_week.", "table", "window");
    private static readonly MetricFamily Transactions = MetricFamily.Gauge("kpi_revenue_hour_transactions", "Revenue transactions counted over an hour window (see kpi_revenue_hour_amount).", "table", "window");
    private static readonly MetricFamily OtherCurrencyTransactions = MetricFamily.Gauge("kpi_revenue_hour_other_currency_transactions", "Revenue transactions over an hour window whose currency has no series of its own (outside Currencies or beyond MaxCurrencies, or NULL); their amounts are not added to any currency.", "table", "window");
    private static readonly string[] CurrencyLabelNames = [CurrencyLabel];
    private static readonly MetricFamily StatusTransactions = MetricFamily.Gauge("kpi_revenue_last_hour_status_transactions", "Transactions of the last completed hour, by status.", "table", "status");

    private readonly ZoneCalendar _calendar;
    private readonly string _windowsSql;
    private readonly string? _statusSql;

    public HourlyRevenueCheck(RevenueCheckOptions revenue, ZoneCalendar calendar, TimeSpan interval, TimeSpan timeout)
        : base(KindLabel, revenue.Name, interval, timeout)
    {
        Options = revenue;
        _calendar = calendar;
        var table = SqlIdentifier.Quote(revenue.Table ?? revenue.Name);
        var ts = SqlIdentifier.Quote(revenue.TimestampColumn);
        var amount = SqlIdentifier.Quote(revenue.AmountColumn);
        var status = string.IsNullOrEmpty(revenue.StatusColumn) ? null : SqlIdentifier.Quote(revenue.StatusColumn);
        var statusFilter = status is not null && !string.IsNullOrEmpty(revenue.RevenueStatus)
            ? $" AND {status}::text = ${(WindowNames.Count * 2) + 1}"
            : "";
        var currency = string.IsNullOrEmpty(revenue.CurrencyColumn) ? null : SqlIdentifier.Quote(revenue.CurrencyColumn);
        var currencySelect = currency is null ? "NULL::text" : $"{currency}::text";
        var currencyGroup = currency is null ? "" : " GROUP BY 2";

        var sql = new StringBuilder();
        for (var i = 0; i < WindowNames.Count; i++)
        {
            if (i > 0)
            {
                sql.Append("\nUNION ALL\n");
            }

            sql.Append($"SELECT {i} AS w, {currencySelect} AS currency, count(*) AS transactions, coalesce(sum({amount}), 0) AS amount FROM {table} WHERE {ts} >= ${(i * 2) + 1} AND {ts} < ${(i * 2) + 2}{statusFilter}{currencyGroup}");
        }

        _windowsSql = sql.ToString();
        if (status is not null)
        {
            _statusSql = $"SELECT {status}::text AS status, count(*) AS transactions FROM {table} WHERE {ts} >= $1 AND {ts} < $2 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $3";
        }
    }

    public RevenueCheckOptions Options { get; }

    /// <summary>The windows at <paramref name="now"/>, in the order of <see cref="WindowNames"/>.</summary>
    public IReadOnlyList<(string Window, DateTimeOffset From, DateTimeOffset To)> Windows(DateTimeOffset now)
    {
        var hour = _calendar.HourStart(now);
        var last = hour - Hour;
        var yesterday = _calendar.SameLocalTimeDaysBefore(last, 1);
        var lastWeek = _calendar.SameLocalTimeDaysBefore(last, 7);
        return
        [
            (CurrentHour, hour, now),
            (LastHour, last, hour),
            (PreviousHour, last - Hour, last),
            (SameHourYesterday, yesterday, yesterday + Hour),
            (SameHourLastWeek, lastWeek, lastWeek + Hour),
        ];
    }

    public override IReadOnlyList<DatabaseStatement> Statements(DateTimeOffset now)
    {
        var windows = Windows(now);
        var parameters = new List<NpgsqlParameter>();
        foreach (var (_, from, to) in windows)
        {
            parameters.Add(DatabaseParameters.Instant(from));
            parameters.Add(DatabaseParameters.Instant(to));
        }

        if (!string.IsNullOrEmpty(Options.StatusColumn) && !string.IsNullOrEmpty(Options.RevenueStatus))
        {
            parameters.Add(DatabaseParameters.Text(Options.RevenueStatus));
        }

        var statements = new List<DatabaseStatement> { new(_windowsSql, parameters) };
        if (_statusSql is not null)
        {
            var last = windows[1];
            statements.Add(new(_statusSql, [DatabaseParameters.Instant(last.From), DatabaseParameters.Instant(last.To), DatabaseParameters.Integer(Options.MaxStatuses)]));
        }

        return statements;
    }

    public override async Task<DatabaseCheckResult> ReadAsync(NpgsqlDataReader reader, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var windows = Windows(now);
        var rows = new List<(int Window, string? Currency, long Transactions, decimal Amount)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var currency = await reader.IsDBNullAsync(1, cancellationToken) ? null : reader.GetString(1).Trim();
            rows.Add((reader.GetInt32(0), currency, reader.GetInt64(2), Convert.ToDecimal(reader.GetValue(3), CultureInfo.InvariantCulture)));
        }

        var figures = string.IsNullOrEmpty(Options.CurrencyColumn) ? Totals(windows, rows) : ByCurrency(windows, rows);

        var byStatus = new Dictionary<string, long>(StringComparer.Ordinal);
        if (_statusSql is not null && await reader.NextResultAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var status = await reader.IsDBNullAsync(0, cancellationToken) ? "null" : reader.GetString(0);
                byStatus[status] = reader.GetInt64(1);
            }
        }

        return new HourlyRevenueResult(Source, figures, byStatus);
    }

    /// <summary>Without a currency column: one row per window (every window has one, count 0 when empty).</summary>
    private static RevenueWindow[] Totals(IReadOnlyList<(string Window, DateTimeOffset From, DateTimeOffset To)> windows, List<(int Window, string? Currency, long Transactions, decimal Amount)> rows) =>
        rows.OrderBy(r => r.Window).Select(r => new RevenueWindow(windows[r.Window].Window, windows[r.Window].From, windows[r.Window].To, r.Amount, r.Transactions)).ToArray();

    /// <summary>
    /// With a currency column: a figure per window and exported currency (0 where a currency had no row in that
    /// window but has in another), plus per window the transactions of the currencies that are not exported
    /// (<see cref="RevenueWindow.Currency"/> null).
    /// </summary>
    private RevenueWindow[] ByCurrency(IReadOnlyList<(string Window, DateTimeOffset From, DateTimeOffset To)> windows, List<(int Window, string? Currency, long Transactions, decimal Amount)> rows)
    {
        var listed = Options.Currencies.Count > 0 ? Options.Currencies.ToHashSet(StringComparer.Ordinal) : null;
        var exported = rows.Where(r => r.Currency is not null && (listed is null || listed.Contains(r.Currency)))
            .GroupBy(r => r.Currency!, StringComparer.Ordinal)
            .OrderByDescending(g => g.Sum(r => r.Transactions)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(Options.MaxCurrencies)
            .Select(g => g.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
        var figures = new List<RevenueWindow>();
        for (var i = 0; i < windows.Count; i++)
        {
            var (name, from, to) = windows[i];
            foreach (var currency in exported)
            {
                var row = rows.FirstOrDefault(r => r.Window == i && r.Currency == currency);
                figures.Add(new RevenueWindow(name, from, to, row.Amount, row.Transactions, currency));
            }

            var others = rows.Where(r => r.Window == i && (r.Currency is null || !exported.Contains(r.Currency))).Sum(r => r.Transactions);
            figures.Add(new RevenueWindow(name, from, to, 0, others, Currency: null));
        }

        return figures.ToArray();
    }

    protected override void Collect(MetricFamilies families, HourlyRevenueResult? last)
    {
        families.Declare(Amount);
        families.Declare(Transactions);
        families.Declare(StatusTransactions);
        var byCurrency = !string.IsNullOrEmpty(Options.CurrencyColumn);
        if (byCurrency)
        {
            families.Declare(OtherCurrencyTransactions);
        }

        RevenueThresholds.Add(
            families,
            Source,
            ("stopped_min_transactions", Options.StoppedMinTransactions),
            ("drop_max_ratio_previous_hour", Options.DropMaxRatioPreviousHour),
            ("drop_max_ratio_same_hour_last_week", Options.DropMaxRatioSameHourLastWeek),
            ("drop_min_transactions_last_week", Options.DropMinTransactionsLastWeek));
        if (last is null)
        {
            return;
        }

        foreach (var window in last.Windows)
        {
            if (!byCurrency)
            {
                families.Add(Amount, (double)window.Amount, Source, window.Window);
                families.Add(Transactions, window.Transactions, Source, window.Window);
            }
            else if (window.Currency is { } currency)
            {
                var inCurrency = families.WithLabels(CurrencyLabelNames, [currency]);
                inCurrency.Add(Amount, (double)window.Amount, Source, window.Window);
                inCurrency.Add(Transactions, window.Transactions, Source, window.Window);
            }
            else
            {
                families.Add(OtherCurrencyTransactions, window.Transactions, Source, window.Window);
            }
        }

        foreach (var (status, count) in last.LastHourByStatus)
        {
            families.Add(StatusTransactions, count, Source, status);
        }
    }
}

/// <summary>Hourly revenue of a transactions table: <c>Database:Revenue:N:*</c>.</summary>
public sealed class RevenueCheckOptions : DatabaseCheckOptions
{
    public string? Table { get; set; }

    public string TimestampColumn { get; set; } = "created_at";

    public string AmountColumn { get; set; } = "amount";

    /// <summary>The status column; empty means the table has none (no counts by status, every row is revenue).</summary>
    public string? StatusColumn { get; set; } = "status";

    /// <summary>The status value that counts as revenue (e.g. <c>approved</c>); empty means every row counts.</summary>
    public string? RevenueStatus { get; set; }

    /// <summary>Most statuses exported by <c>kpi_revenue_last_hour_status_transactions</c> (the most frequent ones).</summary>
    public int MaxStatuses { get; set; } = 20;

    /// <summary>
    /// The currency column (e.g. <c>currency</c>): revenue is then summed per currency and labelled <c>currency</c>.
    /// Empty (the default) sums the amount column as one figure without a currency label, as before.
    /// </summary>
    public string? CurrencyColumn { get; set; }

    /// <summary>The currencies that get series (e.g. <c>["BRL", "USD"]</c>); empty means the most frequent <see cref="MaxCurrencies"/>.</summary>
    public List<string> Currencies { get; set; } = [];

    /// <summary>Most currencies exported; the transactions of the rest go to <c>kpi_revenue_hour_other_currency_transactions</c>.</summary>
    public int MaxCurrencies { get; set; } = 10;

    /// <summary>RevenueStopped (P1) gate: the same hour yesterday and last week each had at least this many transactions.</summary>
    public double StoppedMinTransactions { get; set; } = 15;

    /// <summary>RevenueDrop (P2): last hour's revenue below this share of the hour before...</summary>
    public double DropMaxRatioPreviousHour { get; set; } = 0.8;

    /// <summary>...and below this share of the same hour last week...</summary>
    public double DropMaxRatioSameHourLastWeek { get; set; } = 0.6;

    /// <summary>...with at least this many transactions in the same hour last week.</summary>
    public double DropMinTransactionsLastWeek { get; set; } = 20;

    internal override IEnumerable<DatabaseCheck> CreateChecks(DatabaseCheckContext context) =>
    [
        new HourlyRevenueCheck(this, context.Calendar, context.Interval(this), context.Timeout(this)),
        new RevenueDayCheck(this, context.Calendar, context.Interval(this), context.Timeout(this)),
    ];

    internal override void Validate(List<string> failures)
    {
        Table(Key, Table, failures);
        Column($"{Key}:TimestampColumn", TimestampColumn, failures);
        Column($"{Key}:AmountColumn", AmountColumn, failures);
        StatusFilter(Key, StatusColumn, RevenueStatus, failures);

        if (MaxStatuses is < 1 or > 100)
        {
            failures.Add($"{Key}:MaxStatuses = '{MaxStatuses}': must be from 1 to 100.");
        }

        if (!string.IsNullOrEmpty(CurrencyColumn))
        {
            Column($"{Key}:CurrencyColumn", CurrencyColumn, failures);
        }
        else if (Currencies.Count > 0)
        {
            failures.Add($"{Key}:Currencies: needs {Key}:CurrencyColumn.");
        }

        if (MaxCurrencies is < 1 or > 100)
        {
            failures.Add($"{Key}:MaxCurrencies = '{MaxCurrencies}': must be from 1 to 100.");
        }

        for (var c = 0; c < Currencies.Count; c++)
        {
            if (string.IsNullOrWhiteSpace(Currencies[c]) || Currencies[c].Trim() != Currencies[c])
            {
                failures.Add($"{Key}:Currencies:{c} = '{Currencies[c]}': must be a currency code as stored (e.g. BRL), without spaces.");
            }
        }

        Range($"{Key}:StoppedMinTransactions", StoppedMinTransactions, 0, 1e9, "a number of transactions, 0 or more", failures);
        Range($"{Key}:DropMaxRatioPreviousHour", DropMaxRatioPreviousHour, 0, 1, "a share from 0 to 1 (0.8 = 80 %)", failures);
        Range($"{Key}:DropMaxRatioSameHourLastWeek", DropMaxRatioSameHourLastWeek, 0, 1, "a share from 0 to 1 (0.6 = 60 %)", failures);
        Range($"{Key}:DropMinTransactionsLastWeek", DropMinTransactionsLastWeek, 0, 1e9, "a number of transactions, 0 or more", failures);
    }
}

/// <summary>
/// Revenue and revenue transactions in one time window; with a currency column, of one <paramref name="Currency"/>,
/// or, with <paramref name="Currency"/> null, the transactions of the currencies without series of their own.
/// </summary>
internal sealed record RevenueWindow(string Window, DateTimeOffset From, DateTimeOffset To, decimal Amount, long Transactions, string? Currency = null);

/// <summary>The hourly windows, and every transaction of the last completed hour counted by status.</summary>
internal sealed record HourlyRevenueResult(string Table, IReadOnlyList<RevenueWindow> Windows, IReadOnlyDictionary<string, long> LastHourByStatus) : DatabaseCheckResult
{
    public override long Rows => Windows.Count + LastHourByStatus.Count;

    /// <summary>The window's figure (without a currency column), or of one currency.</summary>
    public RevenueWindow this[string window, string? currency = null] => Windows.Single(w => w.Window == window && w.Currency == currency);
}
