using System.Text;
using KpiExporter.Configuration;
using KpiExporter.Exposition;
using KpiExporter.Sources.Summary;
using Microsoft.Extensions.Time.Testing;

namespace KpiExporter.Tests.Sources.Summary;

/// <summary>The daily summary's schedule on a fake clock: the day label, the window, midnight and a non-UTC zone.</summary>
public sealed class DailySummarySeriesTests
{
    private static CheckoutOptions Options(string zone, string time, double activeMinutes = 60) =>
        new() { TimeZone = zone, Summary = new DailySummaryOptions { Time = time, ActiveMinutes = activeMinutes } };

    private static DailySummaryOccurrence Current(CheckoutOptions options, DateTimeOffset now) =>
        new DailySummarySeries(options, new FakeTimeProvider(now)).Current().ShouldNotBeNull();

    private static DateTimeOffset Utc(int day, int hour, int minute) => new(2026, 12, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void The_whole_day_exports_that_days_send_time_and_window()
    {
        var options = Options("UTC", "18:00", activeMinutes: 90);

        foreach (var now in new[] { Utc(1, 0, 0), Utc(1, 18, 0), Utc(1, 23, 59) })
        {
            var occurrence = Current(options, now);
            occurrence.Day.ShouldBe(new DateOnly(2026, 12, 1));
            occurrence.DayStart.ShouldBe(Utc(1, 0, 0));
            occurrence.Send.ShouldBe(Utc(1, 18, 0));
            occurrence.End.ShouldBe(Utc(1, 19, 30));
        }
    }

    [Fact]
    public void A_window_that_runs_past_midnight_keeps_its_day_until_it_ends()
    {
        var options = Options("UTC", "23:30", activeMinutes: 60);

        Current(options, Utc(2, 0, 15)).Day.ShouldBe(new DateOnly(2026, 12, 1));
        Current(options, Utc(2, 0, 30)).Day.ShouldBe(new DateOnly(2026, 12, 2));
        Current(options, Utc(2, 0, 30)).Send.ShouldBe(Utc(2, 23, 30));
    }

    [Fact]
    public void The_day_is_the_business_day_of_the_time_zone()
    {
        // 01:00 UTC on 12-02 is 22:00 on 12-01 in Sao Paulo (UTC-3): the 21:00 summary of 12-01 is active.
        var occurrence = Current(Options("America/Sao_Paulo", "21:00"), Utc(2, 1, 0));

        occurrence.Day.ShouldBe(new DateOnly(2026, 12, 1));
        occurrence.DayStart.ShouldBe(Utc(1, 3, 0));
        occurrence.Send.ShouldBe(Utc(2, 0, 0));
    }

    [Fact]
    public async Task The_series_carry_the_day_label_and_timestamps()
    {
        var series = new DailySummarySeries(Options("UTC", "18:00:30", activeMinutes: 2), new FakeTimeProvider(Utc(1, 12, 0)));

        var text = await RenderAsync(series);

        text.ShouldContain("kpi_daily_digest_day_start_timestamp_seconds{day=\"2026-12-01\"} 1796083200\n");
        text.ShouldContain("kpi_daily_digest_send_timestamp_seconds{day=\"2026-12-01\"} 1796148030\n");
        text.ShouldContain("kpi_daily_digest_end_timestamp_seconds{day=\"2026-12-01\"} 1796148150\n");
    }

    [Fact]
    public async Task Without_a_time_nothing_is_exported()
    {
        var series = new DailySummarySeries(new CheckoutOptions(), new FakeTimeProvider(Utc(1, 12, 0)));

        series.Current().ShouldBeNull();
        (await RenderAsync(series)).ShouldBeEmpty();
    }

    [Fact]
    public void Bad_settings_name_their_key()
    {
        var failures = new List<string>();
        new DailySummaryOptions { Time = "6pm", ActiveMinutes = 0 }.Validate("Checkout:Summary", failures);

        failures.ShouldBe(
        [
            "Checkout:Summary:Time = '6pm': must be a local time of day HH:mm, e.g. 18:00.",
            "Checkout:Summary:ActiveMinutes = '0': must be from 1 to 720 minutes.",
        ]);
    }

    private static async Task<string> RenderAsync(DailySummarySeries series)
    {
        using var stream = new MemoryStream();
        var writer = new ExpositionWriter(stream);
        await series.WriteAsync(writer, CancellationToken.None);
        await writer.FlushAsync(CancellationToken.None);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
