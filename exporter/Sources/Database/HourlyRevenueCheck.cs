using System.Globalization;
using System.Text;
using KpiExporter.Configuration;
using Npgsql;

namespace KpiExporter.Sources.Database;

/// <summary>
/// Revenue and transactions per hour window, aligned to the configured time zone's hours: the current (partial)
/// hour, the last completed hour, the one before, and the same hour as the last one yesterday and a week ago.
/// Each window is its own index range scan of one hour, so the cost follows the rows per hour, not the table's
/// size. A second statement counts the last completed hour's transactions by status.
/// </summary>
internal sealed class HourlyRevenueCheck : DatabaseCheck
{
    public const string CurrentHour = "current_hour";
    public const string LastHour = "last_hour";
    public const string PreviousHour = "previous_hour";
    public const string SameHourYesterday = "same_hour_yesterday";
    public const string SameHourLastWeek = "same_hour_last_week";

    public static readonly IReadOnlyList<string> WindowNames = [CurrentHour, LastHour, PreviousHour, SameHourYesterday, SameHourLastWeek];

    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly ZoneCalendar _calendar;
    private readonly string _windowsSql;
    private readonly string? _statusSql;

    public HourlyRevenueCheck(RevenueCheckOptions revenue, ZoneCalendar calendar, TimeSpan interval, TimeSpan timeout)
        : base(DatabaseCheckKind.Revenue, revenue.Name, interval, timeout)
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

        var sql = new StringBuilder();
        for (var i = 0; i < WindowNames.Count; i++)
        {
            if (i > 0)
            {
                sql.Append("\nUNION ALL\n");
            }

            sql.Append($"SELECT {i} AS w, count(*) AS transactions, coalesce(sum({amount}), 0) AS amount FROM {table} WHERE {ts} >= ${(i * 2) + 1} AND {ts} < ${(i * 2) + 2}{statusFilter}");
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
        var figures = new RevenueWindow[windows.Count];
        while (await reader.ReadAsync(cancellationToken))
        {
            var i = reader.GetInt32(0);
            var (name, from, to) = windows[i];
            figures[i] = new RevenueWindow(name, from, to, Convert.ToDecimal(reader.GetValue(2), CultureInfo.InvariantCulture), reader.GetInt64(1));
        }

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
}
