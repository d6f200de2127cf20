using KpiExporter.Configuration;

namespace KpiExporter.Sources.Database;

/// <summary>Every configured check, built once from <see cref="DatabaseOptions"/>, in configuration order.</summary>
internal sealed class DatabaseCheckCatalog
{
    public DatabaseCheckCatalog(DatabaseOptions options)
    {
        var calendar = new ZoneCalendar(TimeZoneResolver.Find(options.TimeZone));
        var checks = new List<DatabaseCheck>();
        foreach (var table in options.Tables)
        {
            if (table.Freshness)
            {
                checks.Add(new FreshnessCheck(table, Interval(options, table), Timeout(options, table)));
            }

            if (table.Volume)
            {
                checks.Add(new VolumeCheck(table, calendar, Interval(options, table), Timeout(options, table)));
            }
        }

        checks.AddRange(options.Revenue.Select(r => new HourlyRevenueCheck(r, calendar, Interval(options, r), Timeout(options, r))));
        checks.AddRange(options.Streams.Select(s => new RevenueStreamCheck(s, calendar, Interval(options, s), Timeout(options, s))));
        checks.AddRange(options.DataQuality.Select(d => new DataQualityCheck(d, Interval(options, d), Timeout(options, d))));
        checks.AddRange(options.CustomChecks.Select(c => new CustomSqlCheck(c, Interval(options, c), Timeout(options, c))));
        Checks = checks;
        Calendar = calendar;
    }

    public IReadOnlyList<DatabaseCheck> Checks { get; }

    public ZoneCalendar Calendar { get; }

    private static TimeSpan Interval(DatabaseOptions options, DatabaseCheckOptions check) =>
        TimeSpan.FromSeconds(check.IntervalSeconds ?? options.IntervalSeconds);

    private static TimeSpan Timeout(DatabaseOptions options, DatabaseCheckOptions check) =>
        TimeSpan.FromSeconds(check.TimeoutSeconds ?? options.TimeoutSeconds);
}
