namespace KpiExporter.Configuration;

/// <summary>
/// When a deadline falls: a local time of day in the business time zone, the weekdays it applies to, and how long
/// before it the stack warns. Shared by the checkout file deadlines (<c>Checkout:Deadlines:N</c>) and the table
/// deadlines (<c>Database:Deadlines:N</c>).
/// </summary>
public interface IDeadlineSchedule
{
    /// <summary>Local time of day, <c>HH:mm</c> (e.g. <c>07:30</c>).</summary>
    string Time { get; }

    /// <summary>The weekdays it applies to; empty means every day.</summary>
    List<DayOfWeek> Weekdays { get; }

    /// <summary>Minutes before the deadline from which an unmet deadline is at risk.</summary>
    double WarningMinutes { get; }
}
