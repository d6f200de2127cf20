using System.Globalization;
using KpiExporter.Configuration;
using KpiExporter.Exposition;
using Npgsql;

namespace KpiExporter.Sources.Database;

/// <summary>
/// Revenue of the business day so far against the same day last week up to the same local time, for the daily
/// summary: <c>today</c> is local midnight to now, <c>same_day_last_week</c> the same local span seven days
/// earlier. Created with every hourly revenue check (<c>Database:Revenue:N</c>, the same table, columns and revenue
/// status); two index range scans over one day each.
/// </summary>
internal sealed class RevenueDayCheck : DatabaseCheck<RevenueDayResult>
{
    public const string KindLabel = "revenue_day";
    public const string Today = "today";
    public const string SameDayLastWeek = "same_day_last_week";

    private static readonly MetricFamily Amount = MetricFamily.Gauge("kpi_revenue_day_amount", "Revenue summed over the business day so far: today (local midnight to now) and same_day_last_week (the same local span seven days earlier).", "table", "window");
    private static readonly MetricFamily Transactions = MetricFamily.Gauge("kpi_revenue_day_transactions", "Revenue transactions counted over the same day windows as kpi_revenue_day_amount.", "table", "window");

    private readonly ZoneCalendar _calendar;
    private readonly string _sql;
    private readonly string? _revenueStatus;

    public RevenueDayCheck(RevenueCheckOptions revenue, ZoneCalendar calendar, TimeSpan interval, TimeSpan timeout)
        : base(KindLabel, revenue.Name, interval, timeout)
    {
        _calendar = calendar;
        var table = SqlIdentifier.Quote(revenue.Table ?? revenue.Name);
        var ts = SqlIdentifier.Quote(revenue.TimestampColumn);
        var amount = SqlIdentifier.Quote(revenue.AmountColumn);
        var filter = "";
        if (!string.IsNullOrEmpty(revenue.StatusColumn) && !string.IsNullOrEmpty(revenue.RevenueStatus))
        {
            filter = $" AND {SqlIdentifier.Quote(revenue.StatusColumn)}::text = $5";
            _revenueStatus = revenue.RevenueStatus;
        }

        _sql = $"SELECT 0 AS w, count(*) AS transactions, coalesce(sum({amount}), 0) AS amount FROM {table} WHERE {ts} >= $1 AND {ts} < $2{filter}"
            + $"\nUNION ALL\nSELECT 1, count(*), coalesce(sum({amount}), 0) FROM {table} WHERE {ts} >= $3 AND {ts} < $4{filter}";
    }

    /// <summary>The two windows at <paramref name="now"/>: today so far, then the same span a week earlier.</summary>
    public IReadOnlyList<(string Window, DateTimeOffset From, DateTimeOffset To)> Windows(DateTimeOffset now)
    {
        var dayStart = _calendar.DayStart(now);
        return
        [
            (Today, dayStart, now),
            (SameDayLastWeek, _calendar.SameLocalTimeDaysBefore(dayStart, 7), _calendar.SameLocalTimeDaysBefore(now, 7)),
        ];
    }

    public override IReadOnlyList<DatabaseStatement> Statements(DateTimeOffset now)
    {
        var parameters = new List<NpgsqlParameter>();
        foreach (var (_, from, to) in Windows(now))
        {
            parameters.Add(DatabaseParameters.Instant(from));
            parameters.Add(DatabaseParameters.Instant(to));
        }

        if (_revenueStatus is not null)
        {
            parameters.Add(DatabaseParameters.Text(_revenueStatus));
        }

        return [new DatabaseStatement(_sql, parameters)];
    }

    public override async Task<DatabaseCheckResult> ReadAsync(NpgsqlDataReader reader, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var windows = Windows(now);
        var figures = new RevenueWindow[windows.Count];
        while (await reader.ReadAsync(cancellationToken))
        {
            var (name, from, to) = windows[reader.GetInt32(0)];
            figures[reader.GetInt32(0)] = new RevenueWindow(name, from, to, Convert.ToDecimal(reader.GetValue(2), CultureInfo.InvariantCulture), reader.GetInt64(1));
        }

        return new RevenueDayResult(figures);
    }

    protected override void Collect(MetricFamilies families, RevenueDayResult? last)
    {
        families.Declare(Amount);
        families.Declare(Transactions);
        foreach (var window in last?.Windows ?? [])
        {
            families.Add(Amount, (double)window.Amount, Source, window.Window);
            families.Add(Transactions, window.Transactions, Source, window.Window);
        }
    }
}

/// <summary>Revenue of today so far and of the same span a week earlier.</summary>
internal sealed record RevenueDayResult(IReadOnlyList<RevenueWindow> Windows) : DatabaseCheckResult
{
    public override long Rows => Windows.Count;

    public RevenueWindow this[string window] => Windows.Single(w => w.Window == window);
}
