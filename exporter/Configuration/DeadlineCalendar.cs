using System.Globalization;

namespace KpiExporter.Configuration;

/// <summary>One day's deadline: the local day it belongs to, its instants, and whether that day is today.</summary>
internal sealed record DeadlineOccurrence(DateOnly Day, DateTimeOffset DayStart, DateTimeOffset Due, DateTimeOffset Warning, bool IsToday);

/// <summary>
/// Turns a <see cref="IDeadlineSchedule"/> into instants in the business time zone. The current occurrence is
/// today's when the deadline applies today (all day, also after it has passed), else the next day it applies:
/// on a weekend a weekday deadline points at Monday, so nothing is due and nothing can alert.
/// </summary>
internal static class DeadlineCalendar
{
    public static DeadlineOccurrence Current(IDeadlineSchedule schedule, ZoneCalendar calendar, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, calendar.Zone).Date);
        var time = ParseTime(schedule.Time) ?? throw new InvalidOperationException($"deadline time '{schedule.Time}' was not validated");
        for (var ahead = 0; ahead < 8; ahead++)
        {
            var day = today.AddDays(ahead);
            if (schedule.Weekdays.Count == 0 || schedule.Weekdays.Contains(day.DayOfWeek))
            {
                var due = calendar.ToInstant(day.ToDateTime(time));
                return new DeadlineOccurrence(day, calendar.ToInstant(day.ToDateTime(TimeOnly.MinValue)), due, due - TimeSpan.FromMinutes(schedule.WarningMinutes), ahead == 0);
            }
        }

        throw new InvalidOperationException("a deadline with weekdays applies within a week");
    }

    /// <summary><c>HH:mm</c> (24-hour clock; <c>HH:mm:ss</c> where a demo or test needs the second), or null.</summary>
    public static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact(text, ["HH:mm", "H:mm", "HH:mm:ss", "H:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    /// <summary>Adds a failure for each setting of <paramref name="schedule"/> that cannot work, naming <paramref name="key"/>.</summary>
    public static void Validate(string key, IDeadlineSchedule schedule, List<string> failures)
    {
        if (ParseTime(schedule.Time) is null)
        {
            failures.Add($"{key}:Time = '{schedule.Time}': must be a local time of day HH:mm, e.g. 07:30.");
        }

        if (!(schedule.WarningMinutes is >= 0 and <= 24 * 60))
        {
            failures.Add($"{key}:WarningMinutes = '{schedule.WarningMinutes.ToString(CultureInfo.InvariantCulture)}': must be from 0 to 1440 minutes.");
        }
    }
}
