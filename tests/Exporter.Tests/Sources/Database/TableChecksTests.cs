using KpiExporter.Sources.Database;

namespace KpiExporter.Tests.Sources.Database;

[Collection(PostgresTestGroup.Name)]
public sealed class TableChecksTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 11, 14, 25, 0, TimeSpan.Zero);

    private readonly PostgresFixture _db;

    public TableChecksTests(PostgresFixture db)
    {
        _db = db;
    }

    [Fact]
    public async Task Freshness_is_the_newest_row_before_now_and_ignores_future_rows()
    {
        var table = await _db.NewTransactionsTableAsync();
        await _db.InsertAsync(table, new(Now.AddHours(-3), 10m), new(Now.AddMinutes(-90), 20m), new(Now.AddMinutes(10), 30m));
        await using var harness = Harness(table, "UTC");

        var result = await harness.RunOkAsync<FreshnessResult>(FreshnessCheck.KindLabel, "orders");

        result.NewestRow.ShouldBe(Now.AddMinutes(-90));
        (await harness.ValueAsync("kpi_table_last_row_timestamp_seconds{database=\"kpi\",table=\"orders\"}")).ShouldBe(Now.AddMinutes(-90).ToUnixTimeSeconds());
        (await harness.ValueAsync("kpi_table_stale_warning_seconds{database=\"kpi\",table=\"orders\"}")).ShouldBe(600);
        (await harness.ValueAsync("kpi_table_stale_critical_seconds{database=\"kpi\",table=\"orders\"}")).ShouldBe(1800);
        (await harness.ValueAsync("kpi_source_up{kind=\"freshness\",source=\"orders\"}")).ShouldBe(1);
    }

    [Fact]
    public async Task Empty_table_has_newest_row_zero_so_it_reads_as_stale()
    {
        var table = await _db.NewTransactionsTableAsync();
        await using var harness = Harness(table, "UTC");

        var result = await harness.RunOkAsync<FreshnessResult>(FreshnessCheck.KindLabel, "orders");

        result.NewestRow.ShouldBeNull();
        (await harness.ValueAsync("kpi_table_last_row_timestamp_seconds{database=\"kpi\",table=\"orders\"}")).ShouldBe(0);
    }

    [Fact]
    public async Task Volume_counts_rows_since_local_midnight_in_the_configured_zone()
    {
        // 14:25 UTC is 11:25 in Sao Paulo (UTC-3): the local day started at 03:00 UTC.
        var midnight = new DateTimeOffset(2026, 3, 11, 3, 0, 0, TimeSpan.Zero);
        var table = await _db.NewTransactionsTableAsync();
        await _db.InsertAsync(
            table,
            new(midnight.AddTicks(-10), 1m),
            new(midnight, 1m),
            new(midnight.AddHours(7), 1m),
            new(Now.AddSeconds(-1), 1m),
            new(Now.AddMinutes(1), 1m));
        await using var harness = Harness(table, "America/Sao_Paulo");

        var result = await harness.RunOkAsync<VolumeResult>(VolumeCheck.KindLabel, "orders");

        result.RowsToday.ShouldBe(3);
        result.DayStart.ShouldBe(midnight);
        (await harness.ValueAsync("kpi_table_rows_today{database=\"kpi\",table=\"orders\"}")).ShouldBe(3);
        (await harness.ValueAsync("kpi_table_day_start_timestamp_seconds{database=\"kpi\",table=\"orders\"}")).ShouldBe(midnight.ToUnixTimeSeconds());
        (await harness.ValueAsync("kpi_table_rows_expected_after_seconds{database=\"kpi\",table=\"orders\"}")).ShouldBe(8.5 * 3600);
    }

    [Fact]
    public async Task Unknown_table_fails_with_reason_query_and_names_it()
    {
        await using var harness = Harness("no_such_table", "UTC");

        (await harness.RunAsync(VolumeCheck.KindLabel, "orders")).ShouldBeNull();

        var status = harness.Health.Get(VolumeCheck.KindLabel, "orders").ShouldNotBeNull();
        status.Up.ShouldBe(false);
        status.LastError.ShouldNotBeNull().ShouldContain("no_such_table");
        (await harness.ValueAsync("kpi_source_errors_total{kind=\"volume\",source=\"orders\",reason=\"query\"}")).ShouldBe(1);
    }

    private CheckHarness Harness(string table, string zone)
    {
        var options = CheckHarness.Options(_db.ReaderConnectionString, zone);
        options.Add(new TableCheckOptions
        {
            Name = "orders",
            Table = table,
            StaleWarningSeconds = 600,
            StaleCriticalSeconds = 1800,
            RowsExpectedAfterHour = 8.5,
        });
        return new CheckHarness(options, Now);
    }
}
