using System.Globalization;
using System.Text;
using KpiExporter.Configuration;
using Npgsql;

namespace KpiExporter.Sources.Database;

/// <summary>
/// A revenue stream judged in minutes: the newest sale before now (one probe at the end of the timestamp index),
/// sales over the trailing 5 and 15 minutes, and sales in the same time-of-week slot (centred on now's local time)
/// of each of the last N weeks. Every window is an index range scan with bounds computed here, so the cost follows
/// the rows in the windows, not the size of the table. The rules turn the slot counts into the expected rate now
/// and page when the silence since the last sale is implausible at that rate (rules/revenue-stream.rules.yml).
/// </summary>
internal sealed class RevenueStreamCheck : DatabaseCheck
{
    /// <summary>The trailing windows, label and length.</summary>
    public static readonly IReadOnlyList<(string Name, TimeSpan Length)> RecentWindows =
    [
        ("5m", TimeSpan.FromMinutes(5)),
        ("15m", TimeSpan.FromMinutes(15)),
    ];

    private readonly ZoneCalendar _calendar;
    private readonly string _lastSaleSql;
    private readonly string _windowsSql;
    private readonly bool _filtered;

    public RevenueStreamCheck(RevenueStreamCheckOptions stream, ZoneCalendar calendar, TimeSpan interval, TimeSpan timeout)
        : base(DatabaseCheckKind.RevenueStream, stream.Name, interval, timeout)
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
}
