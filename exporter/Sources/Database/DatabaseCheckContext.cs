using KpiExporter.Configuration;
namespace KpiExporter.Sources.Database;

/// <summary>What every check is built with: the database calendar and the defaults of interval and timeout.</summary>
internal sealed class DatabaseCheckContext
{
    private readonly DatabaseOptions _options;

    public DatabaseCheckContext(DatabaseOptions options, ZoneCalendar calendar)
    {
        _options = options;
        Calendar = calendar;
    }

    public ZoneCalendar Calendar { get; }

    public TimeSpan Interval(DatabaseCheckOptions check) => TimeSpan.FromSeconds(check.IntervalSeconds ?? _options.IntervalSeconds);

    public TimeSpan Timeout(DatabaseCheckOptions check) => TimeSpan.FromSeconds(check.TimeoutSeconds ?? _options.TimeoutSeconds);
}
