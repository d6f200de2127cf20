using KpiExporter.Sources.Database;

namespace KpiExporter.Tests.Sources.Database;

[Collection(PostgresTestGroup.Name)]
public sealed class DataQualityCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 11, 14, 25, 0, TimeSpan.Zero);

    private readonly PostgresFixture _db;

    public DataQualityCheckTests(PostgresFixture db)
    {
        _db = db;
    }

    [Fact]
    public async Task Negative_amounts_and_nulls_inside_the_window_are_counted()
    {
        var table = await _db.NewTransactionsTableAsync();
        await _db.InsertAsync(
            table,
            new(Now.AddMinutes(-5), -5m),
            new(Now.AddMinutes(-50), -0.01m),
            new(Now.AddMinutes(-10), 12m, CustomerId: null),
            new(Now.AddMinutes(-11), null, CustomerId: null),
            new(Now.AddMinutes(-12), 3m, Status: null),
            new(Now.AddMinutes(-30), 0m),
            new(Now.AddMinutes(-61), -100m, Status: null),
            new(Now.AddMinutes(5), -100m));
        var options = CheckHarness.Options(_db.ReaderConnectionString);
        options.Add(new DataQualityCheckOptions { Name = "orders", Table = table, RequiredColumns = ["amount", "status", "customer_id"], WindowSeconds = 3600 });
        await using var harness = new CheckHarness(options, Now);

        var result = await harness.RunOkAsync<DataQualityResult>(DataQualityCheck.KindLabel, "orders");

        result.NegativeAmountRows.ShouldBe(2);
        result.NullRows.ShouldBe(new Dictionary<string, long> { ["amount"] = 1, ["status"] = 1, ["customer_id"] = 2 }, ignoreOrder: true);
        (await harness.ValueAsync("kpi_data_quality_negative_amount_rows{database=\"kpi\",table=\"orders\"}")).ShouldBe(2);
        (await harness.ValueAsync("kpi_data_quality_null_rows{database=\"kpi\",table=\"orders\",column=\"customer_id\"}")).ShouldBe(2);
        (await harness.ValueAsync("kpi_data_quality_window_seconds{database=\"kpi\",table=\"orders\"}")).ShouldBe(3600);
    }
}
