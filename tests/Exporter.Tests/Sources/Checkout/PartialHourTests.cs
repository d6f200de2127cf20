using KpiExporter.Configuration;
using KpiExporter.Sources.Checkout;

namespace KpiExporter.Tests.Sources.Checkout;

public sealed class PartialHourTests
{
    private static readonly ZoneCalendar Utc = new(TimeZoneInfo.Utc);
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A day whose rows 00..last count <paramref name="perHour"/> each, the last one <paramref name="lastCount"/>.</summary>
    private static CheckoutDay Day(int last, double lastCount, double perHour = 100) =>
        new(Enumerable.Range(0, last + 1).Select(h => new CheckoutHour(h, h == last ? lastCount : perHour, 90, 100, 110, 120)));

    [Fact]
    public void Last_row_of_the_files_hour_is_the_partial_hour_covered_until_the_file_time()
    {
        var partial = PartialHour.Follow(null, Day(12, 7), Noon.AddMinutes(20), Utc).ShouldNotBeNull();

        partial.Hour.ShouldBe(12);
        partial.HourStart.ShouldBe(Noon);
        partial.CoveredUntil.ShouldBe(Noon.AddMinutes(20));
        partial.DayTotal.ShouldBe(12 * 100 + 7);
    }

    [Fact]
    public void Strictly_hourly_file_has_no_partial_hour()
    {
        // Written at 12:05 with rows up to 11h: every row is a completed hour.
        PartialHour.Follow(null, Day(11, 100), Noon.AddMinutes(5), Utc).ShouldBeNull();
    }

    [Fact]
    public void First_load_counts_the_silence_from_its_own_time()
    {
        // Nothing is known about earlier refreshes (a start of the exporter): the silence starts now, never earlier.
        var partial = PartialHour.Follow(null, Day(12, 7), Noon.AddMinutes(20), Utc).ShouldNotBeNull();

        partial.LastIncrease.ShouldBe(Noon.AddMinutes(20));
    }

    [Fact]
    public void Refresh_with_the_same_count_keeps_the_last_increase_and_moves_the_covered_time()
    {
        var first = PartialHour.Follow(null, Day(12, 7), Noon.AddMinutes(20), Utc);

        var second = PartialHour.Follow(first, Day(12, 7), Noon.AddMinutes(21), Utc).ShouldNotBeNull();

        second.LastIncrease.ShouldBe(Noon.AddMinutes(20));
        second.CoveredUntil.ShouldBe(Noon.AddMinutes(21));
    }

    [Fact]
    public void Refresh_with_a_higher_count_moves_the_last_increase_to_its_own_time()
    {
        var first = PartialHour.Follow(null, Day(12, 7), Noon.AddMinutes(20), Utc);
        var second = PartialHour.Follow(first, Day(12, 7), Noon.AddMinutes(21), Utc);

        var third = PartialHour.Follow(second, Day(12, 8), Noon.AddMinutes(22), Utc).ShouldNotBeNull();

        third.LastIncrease.ShouldBe(Noon.AddMinutes(22));
    }

    [Fact]
    public void New_hour_without_a_checkout_keeps_the_last_increase()
    {
        // 12h ended with 7; 13h's row appears with 0: the day's count did not move.
        var before = PartialHour.Follow(null, Day(12, 7), Noon.AddMinutes(59), Utc);
        var rolled = new CheckoutDay(Day(12, 7).Hours.Append(new CheckoutHour(13, 0, 90, 100, 110, 120)));

        var after = PartialHour.Follow(before, rolled, Noon.AddMinutes(61), Utc).ShouldNotBeNull();

        after.Hour.ShouldBe(13);
        after.HourStart.ShouldBe(Noon.AddHours(1));
        after.LastIncrease.ShouldBe(Noon.AddMinutes(59));
    }

    [Fact]
    public void Lower_count_restarts_the_silence()
    {
        var first = PartialHour.Follow(null, Day(12, 7), Noon.AddMinutes(20), Utc);

        var corrected = PartialHour.Follow(first, Day(12, 6), Noon.AddMinutes(30), Utc).ShouldNotBeNull();

        corrected.LastIncrease.ShouldBe(Noon.AddMinutes(30));
    }

    [Fact]
    public void New_business_day_restarts_the_silence_even_with_the_same_total()
    {
        var lateYesterday = new DateTimeOffset(2026, 11, 24, 23, 50, 0, TimeSpan.Zero);
        var yesterday = PartialHour.Follow(null, new CheckoutDay([new CheckoutHour(23, 5, 5, 5, 5, 5)]), lateYesterday, Utc);

        var today = PartialHour.Follow(yesterday, new CheckoutDay([new CheckoutHour(0, 5, 5, 5, 5, 5)]), lateYesterday.AddMinutes(20), Utc).ShouldNotBeNull();

        today.Day.ShouldBe(new DateTime(2026, 11, 25));
        today.LastIncrease.ShouldBe(lateYesterday.AddMinutes(20));
    }

    [Fact]
    public void Hour_and_day_are_read_in_the_business_time_zone()
    {
        // 12:20 UTC is 09:20 in Sao Paulo (UTC-3): the row for 09h is the running hour there.
        var zone = new ZoneCalendar(TimeZoneResolver.Find("America/Sao_Paulo"));

        var partial = PartialHour.Follow(null, Day(9, 3), Noon.AddMinutes(20), zone).ShouldNotBeNull();

        partial.Hour.ShouldBe(9);
        partial.HourStart.ShouldBe(Noon);
        PartialHour.Follow(null, Day(12, 3), Noon.AddMinutes(20), zone).ShouldBeNull();
    }
}
