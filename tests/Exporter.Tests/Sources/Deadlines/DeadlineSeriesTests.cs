using System.Text;
using KpiExporter.Configuration;
using KpiExporter.Exposition;
using KpiExporter.Sources.Checkout;
using KpiExporter.Sources.Deadlines;
using Microsoft.Extensions.Time.Testing;

namespace KpiExporter.Tests.Sources.Deadlines;

/// <summary>File deadlines on a fake clock: met early, met late, at risk, missed, a weekend, a non-UTC day and a daylight-saving change.</summary>
public sealed class DeadlineSeriesTests
{
    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private readonly CheckoutDatasetStore _store = new();

    private static CheckoutOptions Options(string zone, params CheckoutDeadlineOptions[] deadlines) =>
        new() { TimeZone = zone, Deadlines = [.. deadlines] };

    private static CheckoutDeadlineOptions Export(string time = "11:31", double warning = 30, params DayOfWeek[] days) =>
        new() { Name = "shift_export", Dataset = "checkout_1", Time = time, WarningMinutes = warning, Weekdays = [.. days] };

    private void FileArrives(DateTimeOffset modified) =>
        _store.Set(new CheckoutDataset("checkout_1", "/x/checkout_1.csv", new CheckoutDay([]), modified, modified));

    private DeadlineStatus Status(CheckoutOptions options, DateTimeOffset now) =>
        new DeadlineSeries(options, _store, null, new FakeTimeProvider(now)).Statuses().ShouldHaveSingleItem();

    private static DateTimeOffset Utc(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Before_the_warning_it_is_pending_then_at_risk_then_missed()
    {
        var options = Options("UTC", Export());

        Status(options, Utc(12, 1, 10, 0)).State.ShouldBe(DeadlineState.Pending);
        Status(options, Utc(12, 1, 11, 1)).State.ShouldBe(DeadlineState.AtRisk);
        var missed = Status(options, Utc(12, 1, 11, 31));
        missed.State.ShouldBe(DeadlineState.Missed);
        missed.Occurrence.Due.ShouldBe(Utc(12, 1, 11, 31));
        missed.Occurrence.Warning.ShouldBe(Utc(12, 1, 11, 1));
        missed.MetAt.ShouldBeNull();
    }

    [Fact]
    public void A_file_of_today_meets_it_early_or_late_and_yesterdays_file_does_not()
    {
        var options = Options("UTC", Export());
        FileArrives(Utc(11, 30, 23, 50));
        Status(options, Utc(12, 1, 12, 0)).State.ShouldBe(DeadlineState.Missed);

        FileArrives(Utc(12, 1, 12, 5));
        var late = Status(options, Utc(12, 1, 12, 6));
        late.State.ShouldBe(DeadlineState.MetLate);
        late.MetAt.ShouldBe(Utc(12, 1, 12, 5));

        FileArrives(Utc(12, 2, 9, 0));
        Status(options, Utc(12, 2, 9, 1)).State.ShouldBe(DeadlineState.Met);
    }

    [Fact]
    public void A_rewritten_file_keeps_the_time_it_first_arrived()
    {
        var options = Options("UTC", Export());
        var series = new DeadlineSeries(options, _store, null, new FakeTimeProvider(Utc(12, 1, 11, 0)));
        FileArrives(Utc(12, 1, 10, 0));
        series.Statuses().Single().MetAt.ShouldBe(Utc(12, 1, 10, 0));

        FileArrives(Utc(12, 1, 10, 55));
        series.Statuses().Single().MetAt.ShouldBe(Utc(12, 1, 10, 0));
    }

    [Fact]
    public void On_a_weekend_a_weekday_deadline_points_at_monday_and_is_not_due()
    {
        // 2026-12-05 is a Saturday.
        var status = Status(Options("UTC", Export(days: Weekdays)), Utc(12, 5, 12, 0));

        status.State.ShouldBe(DeadlineState.NotToday);
        status.Occurrence.Day.ShouldBe(new DateOnly(2026, 12, 7));
        status.Occurrence.Due.ShouldBe(Utc(12, 7, 11, 31));
    }

    [Fact]
    public void The_day_is_the_business_day_of_the_time_zone()
    {
        // 01:00 UTC on 12-02 is still 12-01 (22:00) in Sao Paulo (UTC-3): the 07:30 deadline of 12-01 has passed,
        // and a file modified at 23:00 local on 12-01 (02:00 UTC on 12-02) counts for 12-01.
        var options = Options("America/Sao_Paulo", Export(time: "07:30"));
        var status = Status(options, Utc(12, 2, 1, 0));
        status.Occurrence.Day.ShouldBe(new DateOnly(2026, 12, 1));
        status.Occurrence.Due.ShouldBe(Utc(12, 1, 10, 30));
        status.State.ShouldBe(DeadlineState.Missed);

        FileArrives(Utc(12, 2, 0, 30));
        Status(options, Utc(12, 2, 1, 0)).State.ShouldBe(DeadlineState.MetLate);
    }

    [Fact]
    public void On_a_daylight_saving_day_the_local_time_is_kept()
    {
        // New York moved to summer time on 2026-03-08 at 02:00: 07:30 is 12:30 UTC the day before, 11:30 UTC that day.
        var options = Options("America/New_York", Export(time: "07:30"));

        Status(options, Utc(3, 7, 12, 0)).Occurrence.Due.ShouldBe(Utc(3, 7, 12, 30));
        Status(options, Utc(3, 8, 11, 0)).Occurrence.Due.ShouldBe(Utc(3, 8, 11, 30));
        Status(options, Utc(3, 8, 11, 0)).State.ShouldBe(DeadlineState.AtRisk);
    }

    [Fact]
    public async Task The_series_are_timestamps_with_zero_while_unmet()
    {
        var options = Options("UTC", Export());
        var series = new DeadlineSeries(options, _store, null, new FakeTimeProvider(Utc(12, 1, 11, 0)));
        using var stream = new MemoryStream();
        var writer = new ExpositionWriter(stream);

        await series.WriteAsync(writer, CancellationToken.None);
        await writer.FlushAsync(CancellationToken.None);

        var text = Encoding.UTF8.GetString(stream.ToArray());
        text.ShouldContain("kpi_deadline_due_timestamp_seconds{deadline=\"shift_export\",source=\"checkout_1\"} 1796124660\n");
        text.ShouldContain("kpi_deadline_warning_timestamp_seconds{deadline=\"shift_export\",source=\"checkout_1\"} 1796122860\n");
        text.ShouldContain("kpi_deadline_met_timestamp_seconds{deadline=\"shift_export\",source=\"checkout_1\"} 0\n");
        series.Conditions().ShouldBeEmpty();
    }

    [Fact]
    public void At_risk_and_missed_deadlines_are_conditions_for_the_landing_page()
    {
        var options = Options("UTC", Export());

        new DeadlineSeries(options, _store, null, new FakeTimeProvider(Utc(12, 1, 11, 10))).Conditions().ShouldHaveSingleItem().State.ShouldBe("AT RISK");
        var missed = new DeadlineSeries(options, _store, null, new FakeTimeProvider(Utc(12, 1, 12, 0))).Conditions().ShouldHaveSingleItem();
        missed.State.ShouldBe("MISSED");
        missed.Detail.ShouldBe("checkout_1 due at 11:31 has not come");
    }
}
