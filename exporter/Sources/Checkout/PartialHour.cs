using KpiExporter.Configuration;

namespace KpiExporter.Sources.Checkout;

/// <summary>
/// The still-running hour of an export refreshed more often than hourly: the file's last hour row is the hour its
/// modification time falls in, so that row is a partial count up to the file's time. Carried from one load of the
/// file to the next, it remembers when the day's cumulative count last changed, which the silence alarm judges
/// (rules/checkout-stream.rules.yml).
/// </summary>
/// <param name="Hour">The running hour (0..23) the last row counts.</param>
/// <param name="HourStart">Start of that hour, as an instant.</param>
/// <param name="CoveredUntil">The time the data covers until: the file's modification time.</param>
/// <param name="Day">The business day of the file (the local date of its modification time).</param>
/// <param name="DayTotal">Today's count summed over the file's rows.</param>
/// <param name="LastIncrease">
/// The covered-until time of the first load that showed <paramref name="DayTotal"/>. The change happened at or
/// before it, so the silence measured from here is never longer than the real one. A count that went down (a
/// correction) restarts it too: that only shortens the silence.
/// </param>
internal sealed record PartialHour(int Hour, DateTimeOffset HourStart, DateTimeOffset CoveredUntil, DateTime Day, double DayTotal, DateTimeOffset LastIncrease)
{
    /// <summary>
    /// The partial hour of a newly loaded file, following the one of the previous load; null when the file's last
    /// row is not the hour of its modification time (a strictly hourly export, or a file without rows). The memory
    /// restarts when the business day changes and when the previous load had no partial hour (including at the
    /// exporter's start: nothing survives a restart).
    /// </summary>
    public static PartialHour? Follow(PartialHour? previous, CheckoutDay day, DateTimeOffset modified, ZoneCalendar calendar)
    {
        var last = day.Hours.LastOrDefault();
        var local = TimeZoneInfo.ConvertTime(modified, calendar.Zone);
        if (last is null || last.Hour != local.Hour)
        {
            return null;
        }

        var total = day.TodayTotal;
        var unchanged = previous is not null && previous.Day == local.Date && previous.DayTotal.Equals(total);
        return new PartialHour(last.Hour, calendar.HourStart(modified), modified, local.Date, total, unchanged ? previous!.LastIncrease : modified);
    }
}
