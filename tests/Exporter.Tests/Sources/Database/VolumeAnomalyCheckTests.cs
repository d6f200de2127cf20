using System.Diagnostics;
using KpiExporter.Configuration;
using KpiExporter.Sources.Database;
using KpiExporter.Tests.Support;

namespace KpiExporter.Tests.Sources.Database;

/// <summary>The volume-anomaly check against the real server: spans from local midnight, same weekdays, DST, history.</summary>
[Collection(PostgresTestGroup.Name)]
public sealed class VolumeAnomalyCheckTests
{
    // Wednesday 2026-03-11 18:00 UTC is 14:00 in New York (EDT, UTC-4); daylight saving began on Sunday the 8th, so
    // the Wednesdays before were on EST (UTC-5): their local midnight is 05:00 UTC, today's 04:00 UTC.
    private static readonly DateTimeOffset Now = new(2026, 3, 11, 18, 0, 0, TimeSpan.Zero);

    private readonly PostgresFixture _db;

    public VolumeAnomalyCheckTests(PostgresFixture db)
    {
        _db = db;
    }

    [Fact]
    public void Each_past_week_spans_from_that_days_local_midnight_to_the_same_local_time_across_a_DST_change()
    {
        var check = new VolumeAnomalyCheck(new VolumeAnomalyCheckOptions { Name = "orders" }, new ZoneCalendar(TimeZoneResolver.Find("America/New_York")), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10));

        check.Span(Now, 0).ShouldBe((new DateTimeOffset(2026, 3, 11, 4, 0, 0, TimeSpan.Zero), Now));
        // Not Now - 7 x 24 h (04:00 to 18:00 UTC): the same local clock times on the EST Wednesday.
        check.Span(Now, 1).ShouldBe((new DateTimeOffset(2026, 3, 4, 5, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 4, 19, 0, 0, TimeSpan.Zero)));
        check.Span(Now, 4).ShouldBe((new DateTimeOffset(2026, 2, 11, 5, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 11, 19, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task Counts_today_and_each_past_same_weekday_with_history_and_leaves_out_weeks_before_the_first_row()
    {
        var table = await _db.NewTransactionsTableAsync();
        await _db.InsertAsync(
            table,
            // Week 2: the first row of the table, exactly at that Wednesday's local midnight (counted), and one after
            // the same local time (not counted). Weeks 3 and 4 are before the first row: no history, not zero.
            new(new DateTimeOffset(2026, 2, 25, 5, 0, 0, TimeSpan.Zero), 1m),
            new(new DateTimeOffset(2026, 2, 25, 20, 0, 0, TimeSpan.Zero), 1m),
            // Week 1: 23:30 local the day before (04:30 UTC, inside Now - 7 days but not that day), local midnight,
            // 13:30 local, and 14:30 local (after the same time of day).
            new(new DateTimeOffset(2026, 3, 4, 4, 30, 0, TimeSpan.Zero), 1m),
            new(new DateTimeOffset(2026, 3, 4, 5, 0, 0, TimeSpan.Zero), 1m),
            new(new DateTimeOffset(2026, 3, 4, 18, 30, 0, TimeSpan.Zero), 1m),
            new(new DateTimeOffset(2026, 3, 4, 19, 30, 0, TimeSpan.Zero), 1m),
            // Today: before local midnight, at it, just before now, after now.
            new(new DateTimeOffset(2026, 3, 11, 3, 59, 0, TimeSpan.Zero), 1m),
            new(new DateTimeOffset(2026, 3, 11, 4, 0, 0, TimeSpan.Zero), 1m),
            new(Now.AddSeconds(-1), 1m),
            new(Now.AddMinutes(1), 1m));
        await using var harness = Harness(table, "America/New_York", new VolumeAnomalyCheckOptions { Name = "orders", Table = table, Weeks = 4, MinWeeks = 2 });

        var result = await harness.RunOkAsync<VolumeAnomalyResult>(VolumeAnomalyCheck.KindLabel, "orders");

        result.RowsSoFar.ShouldBe([2L, 2L, 1L]);
        var scrape = await harness.ScrapeAsync();
        MetricText.Value(scrape, "kpi_table_rows_so_far{database=\"kpi\",table=\"orders\",weeks_ago=\"0\"}").ShouldBe(2);
        MetricText.Value(scrape, "kpi_table_rows_so_far{database=\"kpi\",table=\"orders\",weeks_ago=\"1\"}").ShouldBe(2);
        MetricText.Value(scrape, "kpi_table_rows_so_far{database=\"kpi\",table=\"orders\",weeks_ago=\"2\"}").ShouldBe(1);
        scrape.ShouldNotContain("weeks_ago=\"3\"");
        MetricText.Value(scrape, "kpi_table_rows_so_far_until_timestamp_seconds{database=\"kpi\",table=\"orders\"}").ShouldBe(Now.ToUnixTimeSeconds());
        MetricText.Value(scrape, "kpi_table_volume_threshold{database=\"kpi\",table=\"orders\",threshold=\"min_weeks\"}").ShouldBe(2);
        MetricText.Value(scrape, "kpi_table_volume_threshold{database=\"kpi\",table=\"orders\",threshold=\"max_zscore\"}").ShouldBe(-3);
        MetricText.Value(scrape, "kpi_table_volume_threshold{database=\"kpi\",table=\"orders\",threshold=\"max_ratio_to_mean\"}").ShouldBe(0.6);
        MetricText.Value(scrape, "kpi_table_volume_threshold{database=\"kpi\",table=\"orders\",threshold=\"min_expected_rows\"}").ShouldBe(100);
    }

    [Fact]
    public async Task An_empty_table_exports_today_alone()
    {
        var table = await _db.NewTransactionsTableAsync();
        await using var harness = Harness(table, "UTC", new VolumeAnomalyCheckOptions { Name = "orders", Table = table });

        var result = await harness.RunOkAsync<VolumeAnomalyResult>(VolumeAnomalyCheck.KindLabel, "orders");

        result.RowsSoFar.ShouldBe([0L]);
    }

    /// <summary>
    /// The feeder's four weeks of history and today, in a zone where it is mid-afternoon now (so the spans hold
    /// hundreds of rows whatever the hour the test runs at): today is within the baseline; with every other row of
    /// today deleted (the volume halved), it is about half the mean and beyond the alert's z-score and ratio.
    /// </summary>
    [Fact]
    public async Task Feeder_history_is_within_the_baseline_and_a_halved_day_is_far_below_it()
    {
        var now = DateTimeOffset.UtcNow;
        var offset = ((15 - now.UtcDateTime.Hour + 36) % 24) - 12; // local hour 15 (14 to 16 with the minutes)
        var zone = offset == 0 ? "UTC" : $"Etc/GMT{(offset > 0 ? "-" : "+")}{Math.Abs(offset)}"; // Etc/GMT-3 is UTC+3
        var table = await _db.NewTransactionsTableAsync();
        var start = new ProcessStartInfo("dotnet", [await FeederTests.FeederDllAsync(), "--table", table, "--backfill-days", "29", "--scale", "4", "--seed", "11", "--time-zone", zone])
        {
            Environment = { ["KPI_FEEDER_CONNECTION"] = _db.AdminConnectionString },
        };
        using (var feeder = Process.Start(start)!)
        {
            await feeder.WaitForExitAsync();
            feeder.ExitCode.ShouldBe(0);
        }

        var options = new VolumeAnomalyCheckOptions { Name = "orders", Table = table };
        await using (var harness = Harness(table, zone, options, now))
        {
            var normal = await harness.RunOkAsync<VolumeAnomalyResult>(VolumeAnomalyCheck.KindLabel, "orders");
            normal.RowsSoFar.Count.ShouldBe(5, "four past weeks of history and today");
            var (z, ratio, mean) = Judge(normal.RowsSoFar);
            mean.ShouldBeGreaterThan(options.MinExpectedRows, "mid-afternoon: above the volume gate");
            z.ShouldBeGreaterThan(options.MaxZScore);
            ratio.ShouldBeInRange(0.7, 1.4);
        }

        var midnight = new ZoneCalendar(TimeZoneResolver.Find(zone)).DayStart(now);
        await _db.ExecuteAsync($"DELETE FROM {table} WHERE created_at >= $1 AND id % 2 = 0", midnight);
        await using (var harness = Harness(table, zone, options, now))
        {
            var halved = await harness.RunOkAsync<VolumeAnomalyResult>(VolumeAnomalyCheck.KindLabel, "orders");
            var (z, ratio, _) = Judge(halved.RowsSoFar);
            z.ShouldBeLessThan(options.MaxZScore);
            ratio.ShouldBeLessThan(options.MaxRatioToMean);
        }
    }

    /// <summary>rules/volume.rules.yml's z (Poisson floor: noise = sqrt(mean + population variance)) and ratio.</summary>
    private static (double Z, double Ratio, double Mean) Judge(IReadOnlyList<long> rowsSoFar)
    {
        var past = rowsSoFar.Skip(1).Select(r => (double)r).ToList();
        var mean = past.Average();
        var variance = past.Sum(r => (r - mean) * (r - mean)) / past.Count;
        return ((rowsSoFar[0] - mean) / Math.Sqrt(mean + variance), rowsSoFar[0] / mean, mean);
    }

    private CheckHarness Harness(string table, string zone, VolumeAnomalyCheckOptions check, DateTimeOffset? now = null)
    {
        var options = CheckHarness.Options(_db.ReaderConnectionString, zone);
        options.Add(check);
        return new CheckHarness(options, now ?? Now);
    }
}
