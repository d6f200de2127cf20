using KpiExporter.Sources.Database;

namespace KpiExporter.Tests.Sources.Database;

/// <summary>
/// Two named databases on the real server (<c>Database:Targets</c>): the orders database checked for freshness, the
/// payments database for revenue; each check runs on its own database's pool and its series carry its name.
/// </summary>
[Collection(PostgresTestGroup.Name)]
public sealed class NamedDatabasesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 11, 14, 25, 0, TimeSpan.Zero);

    private readonly PostgresFixture _db;

    public NamedDatabasesTests(PostgresFixture db)
    {
        _db = db;
    }

    [Fact]
    public async Task Two_databases_side_by_side_each_check_reads_its_own_and_carries_its_name_and_static_labels()
    {
        var orders = await _db.NewTransactionsTableInAsync(PostgresFixture.Database);
        var payments = await _db.NewTransactionsTableInAsync(PostgresFixture.SecondDatabase);
        await _db.InsertInAsync(PostgresFixture.Database, orders, new Transaction(Now.AddMinutes(-7), 10m));
        await _db.InsertInAsync(PostgresFixture.SecondDatabase, payments, new(Now.AddMinutes(-70), 120.5m), new(Now.AddMinutes(-65), 79.5m));
        var options = TwoDatabases(_db.SecondReaderConnectionString, orders, payments);
        await using var harness = new CheckHarness(options, Now);

        await harness.RunOkAsync<FreshnessResult>(FreshnessCheck.KindLabel, "orders");
        var revenue = await harness.RunOkAsync<HourlyRevenueResult>(HourlyRevenueCheck.KindLabel, "payments");

        revenue[HourlyRevenueCheck.LastHour].Amount.ShouldBe(200m);
        var text = await harness.ScrapeAsync();
        Support.MetricText.Value(text, "kpi_table_last_row_timestamp_seconds{database=\"orders\",table=\"orders\"}").ShouldBe(Now.AddMinutes(-7).ToUnixTimeSeconds());
        Support.MetricText.Value(text, "kpi_revenue_hour_amount{database=\"payments\",domain=\"billing\",team=\"payments\",table=\"payments\",window=\"last_hour\"}").ShouldBe(200);
        text.ShouldNotContain("team=\"payments\",table=\"orders\"");
        text.ShouldNotContain("database=\"kpi\"");
        harness.Health.Get(FreshnessCheck.KindLabel, "orders").ShouldNotBeNull().Database.ShouldBe("orders");
        harness.Health.Get(HourlyRevenueCheck.KindLabel, "payments").ShouldNotBeNull().Database.ShouldBe("payments");
        harness.Connections.All.Select(c => c.Endpoint).ShouldBe(
        [
            $"127.0.0.1:{_db.Server.Port}/{PostgresFixture.Database} as {PostgresFixture.Reader}",
            $"127.0.0.1:{_db.Server.Port}/{PostgresFixture.SecondDatabase} as {PostgresFixture.Reader}",
        ]);
    }

    [Fact]
    public async Task A_failing_database_fails_its_own_checks_only()
    {
        var orders = await _db.NewTransactionsTableInAsync(PostgresFixture.Database);
        var payments = await _db.NewTransactionsTableInAsync(PostgresFixture.SecondDatabase);
        await _db.InsertInAsync(PostgresFixture.Database, orders, new Transaction(Now.AddMinutes(-7), 10m));
        const string wrong = "Wr0ng-payments-Passw0rd";
        var broken = _db.Server.ConnectionString(PostgresFixture.Reader, wrong, PostgresFixture.SecondDatabase, pooling: true);
        await using var harness = new CheckHarness(TwoDatabases(broken, orders, payments), Now);

        (await harness.RunAsync(HourlyRevenueCheck.KindLabel, "payments")).ShouldBeNull();
        await harness.RunOkAsync<FreshnessResult>(FreshnessCheck.KindLabel, "orders");

        var failed = harness.Health.Get(HourlyRevenueCheck.KindLabel, "payments").ShouldNotBeNull();
        failed.Up.ShouldBe(false);
        failed.LastErrorReason.ShouldBe(DatabaseErrorReason.Authentication);
        failed.LastError.ShouldNotBeNull().ShouldNotContain(wrong);
        var text = await harness.ScrapeAsync();
        Support.MetricText.Value(text, "kpi_source_up{kind=\"revenue\",source=\"payments\"}").ShouldBe(0);
        Support.MetricText.Value(text, "kpi_source_up{kind=\"freshness\",source=\"orders\"}").ShouldBe(1);
        Support.MetricText.Value(text, "kpi_table_last_row_timestamp_seconds{database=\"orders\",table=\"orders\"}").ShouldBe(Now.AddMinutes(-7).ToUnixTimeSeconds());
        Support.MetricText.Value(text, "kpi_revenue_threshold{database=\"payments\",domain=\"billing\",team=\"payments\",table=\"payments\",threshold=\"stopped_min_transactions\"}").ShouldBe(15);
        text.ShouldNotContain("kpi_revenue_hour_amount{");
    }

    private DatabaseOptions TwoDatabases(string paymentsConnection, string ordersTable, string paymentsTable)
    {
        var options = new DatabaseOptions { TimeZone = "UTC" };
        options.Targets["orders"] = new DatabaseTargetOptions { ConnectionString = _db.ReaderConnectionString };
        options.Targets["payments"] = new DatabaseTargetOptions { ConnectionString = paymentsConnection, MaxPoolSize = 2 };
        return options
            .Add(new TableCheckOptions { Name = "orders", Table = ordersTable, Database = "orders", Volume = false })
            .Add(new RevenueCheckOptions
            {
                Name = "payments", Table = paymentsTable, Database = "payments", RevenueStatus = "approved",
                Labels = new() { ["team"] = "payments", ["domain"] = "billing" },
            });
    }
}
