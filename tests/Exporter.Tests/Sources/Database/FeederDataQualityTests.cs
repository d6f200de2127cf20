using System.Globalization;
using System.Net;
using KpiExporter.Sources.Database;
using KpiExporter.Tests.Support;
using KpiMonitoring.LocalServers;

namespace KpiExporter.Tests.Sources.Database;

/// <summary>
/// The feeder's data through the data-quality and duplicate-keys checks on the real server: its normal rows give
/// zero of every defect, and its injections (duplicated orders, NULLs in a column) are exported exactly.
/// </summary>
[Collection(PostgresTestGroup.Name)]
public sealed class FeederDataQualityTests
{
    private readonly PostgresFixture _db;

    public FeederDataQualityTests(PostgresFixture db)
    {
        _db = db;
    }

    [Fact]
    public async Task Normal_feed_has_no_defects_and_injected_duplicates_and_nulls_are_counted_exactly()
    {
        var table = await _db.NewTransactionsTableAsync();
        var port = FreePort.Next();
        await using var feeder = ManagedProcess.Start(
            "dotnet",
            [await FeederTests.FeederDllAsync(), "--table", table, "--backfill-days", "1", "--scale", "10", "--seed", "11", "--live", "--control-port", port.ToString(CultureInfo.InvariantCulture)],
            environment: new Dictionary<string, string> { ["KPI_FEEDER_CONNECTION"] = _db.AdminConnectionString },
            name: "kpi-feeder");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
        await feeder.WaitForHttpAsync(new Uri(client.BaseAddress, "status"), TimeSpan.FromSeconds(60));

        var before = await RunChecksAsync(table);
        before.Duplicates.ShouldBe(new DuplicateKeysResult(0, 0));
        before.Quality.NegativeAmountRows.ShouldBe(0L);
        before.Quality.NullRows.ShouldBe(new Dictionary<string, long> { ["status"] = 0, ["customer_id"] = 0, ["order_ref"] = 0 });

        (await client.PostAsync(new Uri("duplicates?count=3", UriKind.Relative), null)).EnsureSuccessStatusCode();
        (await client.PostAsync(new Uri("null-rows?column=customer_id&count=4", UriKind.Relative), null)).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(
            async () => await _db.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE customer_id IS NULL") == 4
                && await _db.ScalarAsync<long>($"SELECT count(*) FROM (SELECT order_ref FROM {table} GROUP BY order_ref HAVING count(*) > 1) AS d") == 3,
            because: "the injected rows should be written");

        var after = await RunChecksAsync(table);
        after.Duplicates.ShouldBe(new DuplicateKeysResult(3, 6));
        after.Quality.NullRows.ShouldBe(new Dictionary<string, long> { ["status"] = 0, ["customer_id"] = 4, ["order_ref"] = 0 });
        after.Quality.NegativeAmountRows.ShouldBe(0L);

        var refused = await client.PostAsync(new Uri("null-rows?column=id&count=1", UriKind.Relative), null);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("column 'id': not a nullable column");
    }

    /// <summary>Both checks over the feeder's table, as of a moment after everything written so far.</summary>
    private async Task<(DuplicateKeysResult Duplicates, DataQualityResult Quality)> RunChecksAsync(string table)
    {
        var options = CheckHarness.Options(_db.ReaderConnectionString)
            .Add(new DuplicateKeysCheckOptions { Name = "orders", Table = table, KeyColumn = "order_ref", WindowSeconds = 86400 })
            .Add(new DataQualityCheckOptions { Name = "orders", Table = table, RequiredColumns = ["status", "customer_id", "order_ref"], WindowSeconds = 3600 });
        await using var harness = new CheckHarness(options, DateTimeOffset.UtcNow.AddSeconds(1));
        var duplicates = await harness.RunOkAsync<DuplicateKeysResult>(DuplicateKeysCheck.KindLabel, "orders");
        var quality = await harness.RunOkAsync<DataQualityResult>(DataQualityCheck.KindLabel, "orders");
        (await harness.ValueAsync("kpi_data_quality_duplicate_keys{database=\"kpi\",table=\"orders\",column=\"order_ref\"}")).ShouldBe(duplicates.DuplicatedKeys);
        (await harness.ValueAsync("kpi_data_quality_null_rows{database=\"kpi\",table=\"orders\",column=\"customer_id\"}")).ShouldBe(quality.NullRows["customer_id"]);
        return (duplicates, quality);
    }
}
