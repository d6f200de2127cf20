using KpiExporter.Configuration;

namespace KpiExporter.Sources.Summary;

/// <summary>
/// One day's summary: the local business day it reports on, that day's local midnight, and the window from its send
/// time during which the summary's alert is active.
/// </summary>
internal sealed record DailySummaryOccurrence(DateOnly Day, DateTimeOffset DayStart, DateTimeOffset Send, DateTimeOffset End)
{
    /// <summary>
    /// The occurrence to export at <paramref name="now"/>: today's, except while yesterday's window is still open
    /// (a send time shortly before midnight) and today's has not begun, so every window runs to its end.
    /// </summary>
    public static DailySummaryOccurrence Current(DailySummaryOptions options, ZoneCalendar calendar, DateTimeOffset now)
    {
        var time = DeadlineCalendar.ParseTime(options.Time) ?? throw new InvalidOperationException($"summary time '{options.Time}' was not validated");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, calendar.Zone).Date);
        var current = On(today, time, options, calendar);
        if (now < current.Send && On(today.AddDays(-1), time, options, calendar) is var yesterday && now < yesterday.End)
        {
            return yesterday;
        }

        return current;
    }

    private static DailySummaryOccurrence On(DateOnly day, TimeOnly time, DailySummaryOptions options, ZoneCalendar calendar)
    {
        var send = calendar.ToInstant(day.ToDateTime(time));
        return new DailySummaryOccurrence(day, calendar.ToInstant(day.ToDateTime(TimeOnly.MinValue)), send, send + TimeSpan.FromMinutes(options.ActiveMinutes));
    }
}
