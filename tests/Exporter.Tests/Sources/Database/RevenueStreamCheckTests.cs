using KpiExporter.Configuration;
using KpiExporter.Sources.Database;

namespace KpiExporter.Tests.Sources.Database;

[Collection(PostgresTestGroup.Name)]
public sealed class RevenueStreamCheckTests
{
    // A Wednesday afternoon; the slots of past weeks are centred on 14:25 of the previous Wednesdays.
    private static readonly DateTimeOffset Now = new(2026, 3, 11, 14, 25, 0, TimeSpan.Zero);

    private readonly PostgresFixture _db;

    public RevenueStreamCheckTests(PostgresFixture db)
    {
        _db = db;
    }

    [Fact]
    public async Task Last_sale_is_the_newest_revenue_row_before_now()
    {
        var table = await _db.NewTransactionsTableAsync();
        await _db.InsertAsync(
            table,
            new(Now.AddMinutes(-40), 10m),
            new(Now.AddMinutes(-3), 10m),
            new(Now.AddMinutes(-1), 5m, "declined"),
            new(Now, 7m),
            new(Now.AddMinutes(2), 9m));
        await using var harness = Harness(table);

        var result = await harness.RunOkAsync<RevenueStreamResult>(RevenueStreamCheck.KindLabel, "orders");

        result.LastSale.ShouldBe(Now.AddMinutes(-3));
        result.ObservedAt.ShouldBe(Now);
        (await harness.ValueAsync("kpi_revenue_last_sale_timestamp_seconds{database=\"kpi\",table=\"orders\"}")).ShouldBe(Now.AddMinutes(-3).ToUnixTimeSeconds());
        (await harness.ValueAsync("kpi_revenue_stream_observed_timestamp_seconds{database=\"kpi\",table=\"orders\"}")).ShouldBe(Now.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Empty_table_exports_a_last_sale_of_zero_and_zero_counts()
    {
        var table = await _db.NewTransactionsTableAsync();
        await using var harness = Harness(table);

        var result = await harness.RunOkAsync<RevenueStreamResult>(RevenueStreamCheck.KindLabel, "orders");

        result.LastSale.ShouldBeNull();
        (await harness.ValueAsync("kpi_revenue_last_sale_timestamp_seconds{database=\"kpi\",table=\"orders\"}")).ShouldBe(0);
        (await harness.ValueAsync("kpi_revenue_recent_transactions{database=\"kpi\",table=\"orders\",window=\"15m\"}")).ShouldBe(0);
        (await harness.ValueAsync("kpi_revenue_slot_transactions{database=\"kpi\",table=\"orders\",weeks_ago=\"4\"}")).ShouldBe(0);
    }

    [Fact]
    public async Task Trailing_windows_count_revenue_rows_up_to_now()
    {
        var table = await _db.NewTransactionsTableAsync();
        await _db.InsertAsync(
            table,
            new(Now.AddMinutes(-5), 1m),             // first instant of the 5-minute window
            new(Now.AddSeconds(-1), 1m),
            new(Now.AddMinutes(-2), 1m, "declined"), // not revenue
            new(Now.AddMinutes(-15), 1m),            // first instant of the 15-minute window
            new(Now.AddMinutes(-15).AddSeconds(-1), 1m),
            new(Now, 1m));                           // now itself is not yet counted
        await using var harness = Harness(table);

        var result = await harness.RunOkAsync<RevenueStreamResult>(RevenueStreamCheck.KindLabel, "orders");

        result.Recent.Select(w => (w.Name, w.Transactions)).ShouldBe([("5m", 2L), ("15m", 3L)]);
        (await harness.ValueAsync("kpi_revenue_recent_transactions{database=\"kpi\",table=\"orders\",window=\"5m\"}")).ShouldBe(2);
        (await harness.ValueAsync("kpi_revenue_recent_window_seconds{database=\"kpi\",table=\"orders\",window=\"15m\"}")).ShouldBe(900);
    }

    [Fact]
    public async Task Each_past_week_counts_the_slot_centred_on_the_same_time_of_week()
    {
        // Slot 15 minutes: [14:17:30, 14:32:30) on the Wednesdays 1, 2 and 3 weeks back.
        var table = await _db.NewTransactionsTableAsync();
        var week = TimeSpan.FromDays(7);
        await _db.InsertAsync(
            table,
            new(Now - week - TimeSpan.FromMinutes(7.5), 1m),
            new(Now - week, 1m),
            new(Now - week + TimeSpan.FromMinutes(7.5), 1m),           // end of the slot: excluded
            new(Now - week + TimeSpan.FromMinutes(7), 1m, "refunded"),  // not revenue
            new(Now - (2 * week) + TimeSpan.FromMinutes(7), 1m),
            new(Now - (3 * week) - TimeSpan.FromMinutes(8), 1m),        // before the slot
            new(Now - TimeSpan.FromDays(1), 1m));                        // yesterday: not a past week
        await using var harness = Harness(table, weeks: 3);

        var result = await harness.RunOkAsync<RevenueStreamResult>(RevenueStreamCheck.KindLabel, "orders");

        result.History.Select(w => (w.Name, w.Transactions)).ShouldBe([("1", 2L), ("2", 1L), ("3", 0L)]);
        (await harness.ValueAsync("kpi_revenue_slot_transactions{database=\"kpi\",table=\"orders\",weeks_ago=\"1\"}")).ShouldBe(2);
        (await harness.ValueAsync("kpi_revenue_slot_transactions{database=\"kpi\",table=\"orders\",weeks_ago=\"4\"}")).ShouldBeNull();
        (await harness.ValueAsync("kpi_source_rows{kind=\"revenue_stream\",source=\"orders\"}")).ShouldBe(6);
    }

    [Fact]
    public async Task Slot_follows_local_time_across_a_daylight_saving_change()
    {
        // New York moved to summer time on 2026-03-08. On 03-09 at 10:25 EDT (14:25 UTC) the slot a week earlier is
        // centred on 10:25 EST, 15:25 UTC.
        var now = new DateTimeOffset(2026, 3, 9, 14, 25, 0, TimeSpan.Zero);
        var table = await _db.NewTransactionsTableAsync();
        await _db.InsertAsync(table, new(new DateTimeOffset(2026, 3, 2, 15, 25, 0, TimeSpan.Zero), 1m), new(new DateTimeOffset(2026, 3, 2, 14, 25, 0, TimeSpan.Zero), 1m));
        await using var harness = Harness(table, weeks: 1, zone: "America/New_York", now: now);

        var result = await harness.RunOkAsync<RevenueStreamResult>(RevenueStreamCheck.KindLabel, "orders");

        result.History.ShouldHaveSingleItem().From.ShouldBe(new DateTimeOffset(2026, 3, 2, 15, 17, 30, TimeSpan.Zero));
        result.History[0].Transactions.ShouldBe(1);
    }

    [Fact]
    public async Task Configured_thresholds_are_exported_for_the_rules()
    {
        var table = await _db.NewTransactionsTableAsync();
        var options = CheckHarness.Options(_db.ReaderConnectionString);
        options.Add(new RevenueStreamCheckOptions { Name = "orders", Table = table, RevenueStatus = "approved", SilenceThreshold = 12.5, MinExpectedPerHour = 36, SlotSeconds = 600, RateDropMaxZScore = -2.5 });
        options.Add(new RevenueCheckOptions { Name = "orders", Table = table, RevenueStatus = "approved", StoppedMinTransactions = 8 });
        await using var harness = new CheckHarness(options, Now);

        // The revenue alerts' thresholds share one family: the stream's and the hourly check's, each with its own.
        (await harness.ValueAsync("kpi_revenue_threshold{database=\"kpi\",table=\"orders\",threshold=\"rate_drop_max_zscore\"}")).ShouldBe(-2.5);
        (await harness.ValueAsync("kpi_revenue_threshold{database=\"kpi\",table=\"orders\",threshold=\"rate_drop_max_deviation_ratio\"}")).ShouldBe(-0.5);
        (await harness.ValueAsync("kpi_revenue_threshold{database=\"kpi\",table=\"orders\",threshold=\"rate_drop_min_expected\"}")).ShouldBe(5);
        (await harness.ValueAsync("kpi_revenue_threshold{database=\"kpi\",table=\"orders\",threshold=\"stopped_min_transactions\"}")).ShouldBe(8);
        (await harness.ValueAsync("kpi_revenue_threshold{database=\"kpi\",table=\"orders\",threshold=\"drop_max_ratio_previous_hour\"}")).ShouldBe(0.8);
        (await harness.ValueAsync("kpi_revenue_threshold{database=\"kpi\",table=\"orders\",threshold=\"drop_max_ratio_same_hour_last_week\"}")).ShouldBe(0.6);
        (await harness.ValueAsync("kpi_revenue_threshold{database=\"kpi\",table=\"orders\",threshold=\"drop_min_transactions_last_week\"}")).ShouldBe(20);

        (await harness.ValueAsync("kpi_revenue_silence_threshold_transactions{database=\"kpi\",table=\"orders\"}")).ShouldBe(12.5);
        (await harness.ValueAsync("kpi_revenue_min_expected_rate_per_second{database=\"kpi\",table=\"orders\"}")).ShouldBe(0.01);
        (await harness.ValueAsync("kpi_revenue_slot_seconds{database=\"kpi\",table=\"orders\"}")).ShouldBe(600);
    }

    [Fact]
    public async Task Promtool_check_metrics_reports_nothing_on_the_stream_series()
    {
        var table = await _db.NewTransactionsTableAsync();
        await _db.InsertAsync(table, new Transaction(Now.AddMinutes(-3), 10m));
        await using var harness = Harness(table);
        await harness.RunOkAsync<RevenueStreamResult>(RevenueStreamCheck.KindLabel, "orders");

        var scrape = await harness.ScrapeAsync();
        scrape.ShouldContain("kpi_revenue_last_sale_timestamp_seconds{");
        var result = await Command.RunAsync("promtool", ["check", "metrics"], standardInput: scrape);

        result.Output.ShouldBeEmpty();
        result.ExitCode.ShouldBe(0);
    }

    private CheckHarness Harness(string table, int weeks = 4, string zone = "UTC", DateTimeOffset? now = null)
    {
        var options = CheckHarness.Options(_db.ReaderConnectionString, zone);
        options.Add(new RevenueStreamCheckOptions { Name = "orders", Table = table, RevenueStatus = "approved", HistoryWeeks = weeks });
        return new CheckHarness(options, now ?? Now);
    }
}
