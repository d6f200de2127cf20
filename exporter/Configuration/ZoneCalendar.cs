namespace KpiExporter.Configuration;

/// <summary>
/// Local days and hours of the business time zone, as UTC instants (query parameters, hour boundaries). Local
/// times that a daylight-saving change skips move forward to the first that exists; repeated ones take the earlier
/// instant.
/// </summary>
internal sealed class ZoneCalendar
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    public ZoneCalendar(TimeZoneInfo zone)
    {
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>Local midnight of the day <paramref name="now"/> falls on.</summary>
    public DateTimeOffset DayStart(DateTimeOffset now) => ToInstant(TimeZoneInfo.ConvertTime(now, Zone).Date);

    /// <summary>Start of the local hour <paramref name="now"/> falls in.</summary>
    public DateTimeOffset HourStart(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Zone);
        var intoHour = new TimeSpan(local.Ticks % Hour.Ticks);
        return now - intoHour;
    }

    /// <summary>The instant showing the same local clock time <paramref name="days"/> calendar days earlier.</summary>
    public DateTimeOffset SameLocalTimeDaysBefore(DateTimeOffset instant, int days) =>
        ToInstant(TimeZoneInfo.ConvertTime(instant, Zone).DateTime.AddDays(-days));

    /// <summary>The instant of a local wall-clock time.</summary>
    public DateTimeOffset ToInstant(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var guard = 0;
        while (Zone.IsInvalidTime(local) && guard++ < 16)
        {
            local = local.AddMinutes(15);
        }

        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
