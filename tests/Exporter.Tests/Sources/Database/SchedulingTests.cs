using KpiExporter.Configuration;
using KpiExporter.Sources.Database;

namespace KpiExporter.Tests.Sources.Database;

public sealed class SchedulingTests
{
    [Fact]
    public void First_runs_are_spread_over_the_first_interval()
    {
        var interval = TimeSpan.FromSeconds(30);

        var delays = Enumerable.Range(0, 6).Select(i => DatabaseCheckScheduler.FirstRunDelay(i, 6, interval, stagger: true)).ToList();

        delays.ShouldBe([TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(25)]);
    }

    [Fact]
    public void Without_staggering_every_check_starts_at_once()
    {
        DatabaseCheckScheduler.FirstRunDelay(3, 6, TimeSpan.FromSeconds(30), stagger: false).ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Local_midnight_skipped_by_daylight_saving_starts_the_day_at_the_first_real_time()
    {
        // Havana springs forward at midnight (00:00 -> 01:00) on 2026-03-08.
        var calendar = new ZoneCalendar(TimeZoneInfo.FindSystemTimeZoneById("America/Havana"));

        var start = calendar.DayStart(new DateTimeOffset(2026, 3, 8, 12, 0, 0, TimeSpan.Zero));

        start.ShouldBe(new DateTimeOffset(2026, 3, 8, 5, 0, 0, TimeSpan.Zero));
    }
}
