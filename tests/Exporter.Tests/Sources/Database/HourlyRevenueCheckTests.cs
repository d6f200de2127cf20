using KpiExporter.Sources.Database;

namespace KpiExporter.Tests.Sources.Database;

[Collection(PostgresTestGroup.Name)]
public sealed class HourlyRevenueCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 11, 14, 25, 0, TimeSpan.Zero);

    private readonly PostgresFixture _db;

    public HourlyRevenueCheckTests(PostgresFixture db)
    {
        _db = db;
    }

    [Fact]
    public async Task Each_window_sums_approved_amounts_and_counts_them()
    {
        var table = await _db.NewTransactionsTableAsync();
        await _db.InsertAsync(
            table,
            // current hour [14:00, now): the boundary row belongs here, the future row does not
            new(At(14, 0), 10.00m),
            new(At(14, 20), 20.00m),
            new(At(14, 21), 5.00m, "declined"),
            new(At(14, 40), 999m),
            // last hour [13:00, 14:00)
            new(At(13, 0), 100.50m),
            new(At(13, 30), 100.50m),
            new(At(13, 59, 59), 100.50m),
            new(At(13, 10), 40m, "declined"),
            new(At(13, 11), 60m, "refunded"),
            new(At(13, 12), 25m, null),
            // previous hour [12:00, 13:00)
            new(At(12, 59, 59), 7.25m),
            // same hour yesterday and last week
            new(At(13, 5).AddDays(-1), 50m),
            new(At(13, 55).AddDays(-1), 50m),
            new(At(14, 0).AddDays(-1), 70m),
            new(At(13, 15).AddDays(-7), 1000m));
        await using var harness = Harness(table, "UTC");

        var result = await harness.RunOkAsync<HourlyRevenueResult>(HourlyRevenueCheck.KindLabel, "orders");

        Figures(result[HourlyRevenueCheck.CurrentHour]).ShouldBe((30.00m, 2L));
        Figures(result[HourlyRevenueCheck.LastHour]).ShouldBe((301.50m, 3L));
        Figures(result[HourlyRevenueCheck.PreviousHour]).ShouldBe((7.25m, 1L));
        Figures(result[HourlyRevenueCheck.SameHourYesterday]).ShouldBe((100m, 2L));
        Figures(result[HourlyRevenueCheck.SameHourLastWeek]).ShouldBe((1000m, 1L));
        result.LastHourByStatus.ShouldBe(new Dictionary<string, long> { ["approved"] = 3, ["declined"] = 1, ["refunded"] = 1, ["null"] = 1 }, ignoreOrder: true);

        (await harness.ValueAsync("kpi_revenue_hour_amount{database=\"kpi\",table=\"orders\",window=\"last_hour\"}")).ShouldBe(301.5);
        (await harness.ValueAsync("kpi_revenue_hour_transactions{database=\"kpi\",table=\"orders\",window=\"same_hour_yesterday\"}")).ShouldBe(2);
        (await harness.ValueAsync("kpi_revenue_last_hour_status_transactions{database=\"kpi\",table=\"orders\",status=\"declined\"}")).ShouldBe(1);
        (await harness.ValueAsync("kpi_source_rows{kind=\"revenue\",source=\"orders\"}")).ShouldBe(9);
    }

    [Fact]
    public async Task Without_a_revenue_status_every_row_counts()
    {
        var table = await _db.NewTransactionsTableAsync();
        await _db.InsertAsync(table, new(At(13, 1), 10m), new(At(13, 2), 5m, "declined"));
        await using var harness = Harness(table, "UTC", revenueStatus: null);

        var result = await harness.RunOkAsync<HourlyRevenueResult>(HourlyRevenueCheck.KindLabel, "orders");

        Figures(result[HourlyRevenueCheck.LastHour]).ShouldBe((15m, 2L));
    }

    [Fact]
    public async Task Status_that_vanishes_from_the_last_hour_drops_its_series()
    {
        var table = await _db.NewTransactionsTableAsync();
        await _db.InsertAsync(table, new(At(13, 1), 10m), new(At(13, 2), 5m, "refunded"));
        await using var harness = Harness(table, "UTC");
        await harness.RunOkAsync<HourlyRevenueResult>(HourlyRevenueCheck.KindLabel, "orders");
        (await harness.ValueAsync("kpi_revenue_last_hour_status_transactions{database=\"kpi\",table=\"orders\",status=\"refunded\"}")).ShouldBe(1);

        await _db.ExecuteAsync($"DELETE FROM {table} WHERE status = 'refunded'");
        await harness.RunOkAsync<HourlyRevenueResult>(HourlyRevenueCheck.KindLabel, "orders");

        (await harness.ValueAsync("kpi_revenue_last_hour_status_transactions{database=\"kpi\",table=\"orders\",status=\"refunded\"}")).ShouldBeNull();
        (await harness.ValueAsync("kpi_revenue_last_hour_status_transactions{database=\"kpi\",table=\"orders\",status=\"approved\"}")).ShouldBe(1);
    }

    [Fact]
    public async Task Hours_follow_the_time_zone_of_a_half_hour_offset()
    {
        // 14:25 UTC is 19:55 in Kolkata (UTC+5:30): the current local hour began at 13:30 UTC, the last at 12:30.
        var table = await _db.NewTransactionsTableAsync();
        await _db.InsertAsync(table, new(At(13, 40), 1m), new(At(13, 20), 2m), new(At(12, 29), 4m), new(At(12, 35).AddDays(-1), 8m));
        await using var harness = Harness(table, "Asia/Kolkata");

        var result = await harness.RunOkAsync<HourlyRevenueResult>(HourlyRevenueCheck.KindLabel, "orders");

        result[HourlyRevenueCheck.CurrentHour].From.ShouldBe(At(13, 30));
        result[HourlyRevenueCheck.CurrentHour].Amount.ShouldBe(1m);
        result[HourlyRevenueCheck.LastHour].Amount.ShouldBe(2m);
        result[HourlyRevenueCheck.PreviousHour].Amount.ShouldBe(4m);
        result[HourlyRevenueCheck.SameHourYesterday].Amount.ShouldBe(8m);
    }

    [Fact]
    public async Task Same_hour_yesterday_is_the_same_local_hour_across_a_daylight_saving_change()
    {
        // New York moved to summer time on 2026-03-08. On 03-09 at 10:25 EDT (14:25 UTC) the last hour is
        // 09:00-10:00 EDT = 13:00-14:00 UTC; the same local hour on 03-08 is 09:00 EDT = 13:00 UTC, and a week
        // earlier 09:00 EST = 14:00 UTC.
        var now = new DateTimeOffset(2026, 3, 9, 14, 25, 0, TimeSpan.Zero);
        var table = await _db.NewTransactionsTableAsync();
        await using var harness = Harness(table, "America/New_York", now: now);

        var result = await harness.RunOkAsync<HourlyRevenueResult>(HourlyRevenueCheck.KindLabel, "orders");

        result[HourlyRevenueCheck.LastHour].From.ShouldBe(new DateTimeOffset(2026, 3, 9, 13, 0, 0, TimeSpan.Zero));
        result[HourlyRevenueCheck.SameHourYesterday].From.ShouldBe(new DateTimeOffset(2026, 3, 8, 13, 0, 0, TimeSpan.Zero));
        result[HourlyRevenueCheck.SameHourLastWeek].From.ShouldBe(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task With_a_currency_column_each_currency_has_its_own_figures_and_none_is_added_to_another()
    {
        var table = await _db.NewTransactionsTableAsync();
        await _db.InsertAsync(
            table,
            new(At(13, 1), 100m),
            new(At(13, 2), 50m),
            new(At(13, 3), 20m, Currency: "USD"),
            new(At(13, 4), 999m, "declined", Currency: "USD"),
            new(At(12, 5), 30m, Currency: "USD"),
            new(At(13, 5).AddDays(-1), 70m),
            new(At(13, 6).AddDays(-1), 7m, Currency: "EUR"));
        var options = CheckHarness.Options(_db.ReaderConnectionString);
        options.Add(new RevenueCheckOptions { Name = "orders", Table = table, RevenueStatus = "approved", CurrencyColumn = "currency" });
        await using var harness = new CheckHarness(options, Now);

        var result = await harness.RunOkAsync<HourlyRevenueResult>(HourlyRevenueCheck.KindLabel, "orders");

        Figures(result[HourlyRevenueCheck.LastHour, "BRL"]).ShouldBe((150m, 2L));
        Figures(result[HourlyRevenueCheck.LastHour, "USD"]).ShouldBe((20m, 1L));
        Figures(result[HourlyRevenueCheck.LastHour, "EUR"]).ShouldBe((0m, 0L), "a currency seen in another window is 0 here, not absent");
        Figures(result[HourlyRevenueCheck.PreviousHour, "BRL"]).ShouldBe((0m, 0L));
        var text = await harness.ScrapeAsync();
        Support.MetricText.Value(text, "kpi_revenue_hour_amount{database=\"kpi\",currency=\"BRL\",table=\"orders\",window=\"last_hour\"}").ShouldBe(150);
        Support.MetricText.Value(text, "kpi_revenue_hour_amount{database=\"kpi\",currency=\"USD\",table=\"orders\",window=\"previous_hour\"}").ShouldBe(30);
        Support.MetricText.Value(text, "kpi_revenue_hour_transactions{database=\"kpi\",currency=\"EUR\",table=\"orders\",window=\"same_hour_yesterday\"}").ShouldBe(1);
        Support.MetricText.Value(text, "kpi_revenue_hour_other_currency_transactions{database=\"kpi\",table=\"orders\",window=\"last_hour\"}").ShouldBe(0);
        text.ShouldNotContain("kpi_revenue_hour_amount{database=\"kpi\",table=");
    }

    [Fact]
    public async Task Currencies_beyond_the_allowlist_are_counted_apart_and_never_summed()
    {
        var table = await _db.NewTransactionsTableAsync();
        await _db.InsertAsync(
            table,
            new(At(13, 1), 100m),
            new(At(13, 3), 20m, Currency: "USD"),
            new(At(13, 4), 5m, Currency: "ARS"),
            new(At(13, 5), 6m, Currency: "CLP"));
        var options = CheckHarness.Options(_db.ReaderConnectionString);
        options.Add(new RevenueCheckOptions { Name = "orders", Table = table, CurrencyColumn = "currency", Currencies = ["BRL", "USD"] });
        await using var harness = new CheckHarness(options, Now);

        await harness.RunOkAsync<HourlyRevenueResult>(HourlyRevenueCheck.KindLabel, "orders");

        var text = await harness.ScrapeAsync();
        Support.MetricText.Value(text, "kpi_revenue_hour_amount{database=\"kpi\",currency=\"BRL\",table=\"orders\",window=\"last_hour\"}").ShouldBe(100);
        Support.MetricText.Value(text, "kpi_revenue_hour_amount{database=\"kpi\",currency=\"USD\",table=\"orders\",window=\"last_hour\"}").ShouldBe(20);
        Support.MetricText.Value(text, "kpi_revenue_hour_other_currency_transactions{database=\"kpi\",table=\"orders\",window=\"last_hour\"}").ShouldBe(2);
        text.ShouldNotContain("currency=\"ARS\"");
        text.ShouldNotContain("currency=\"CLP\"");
    }

    [Fact]
    public async Task At_most_MaxCurrencies_are_exported_the_most_frequent_first()
    {
        var table = await _db.NewTransactionsTableAsync();
        await _db.InsertAsync(
            table,
            new(At(13, 1), 1m),
            new(At(13, 2), 1m),
            new(At(13, 3), 1m, Currency: "USD"),
            new(At(13, 4), 1m, Currency: "USD"),
            new(At(13, 5), 1m, Currency: "USD"),
            new(At(13, 6), 9m, Currency: "EUR"));
        var options = CheckHarness.Options(_db.ReaderConnectionString);
        options.Add(new RevenueCheckOptions { Name = "orders", Table = table, CurrencyColumn = "currency", MaxCurrencies = 2 });
        await using var harness = new CheckHarness(options, Now);

        var result = await harness.RunOkAsync<HourlyRevenueResult>(HourlyRevenueCheck.KindLabel, "orders");

        result.Windows.Where(w => w.Window == HourlyRevenueCheck.LastHour).Select(w => (w.Currency, w.Transactions)).ShouldBe([("BRL", 2L), ("USD", 3L), (null, 1L)]);
    }

    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2026, 3, 11, hour, minute, second, TimeSpan.Zero);

    private static (decimal Amount, long Transactions) Figures(RevenueWindow window) => (window.Amount, window.Transactions);

    private CheckHarness Harness(string table, string zone, string? revenueStatus = "approved", DateTimeOffset? now = null)
    {
        var options = CheckHarness.Options(_db.ReaderConnectionString, zone);
        options.Add(new RevenueCheckOptions { Name = "orders", Table = table, RevenueStatus = revenueStatus });
        return new CheckHarness(options, now ?? Now);
    }
}
