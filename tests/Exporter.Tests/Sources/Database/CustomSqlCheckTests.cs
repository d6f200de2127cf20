using KpiExporter.Sources.Database;

namespace KpiExporter.Tests.Sources.Database;

[Collection(PostgresTestGroup.Name)]
public sealed class CustomSqlCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 11, 14, 25, 0, TimeSpan.Zero);

    private readonly PostgresFixture _db;

    public CustomSqlCheckTests(PostgresFixture db)
    {
        _db = db;
    }

    [Fact]
    public async Task Rows_become_series_labelled_by_the_label_columns()
    {
        var table = await OperatorsTableAsync(("north", 250), ("south", 180));
        await using var harness = Harness(ActiveOperators(table));

        var result = await harness.RunOkAsync<CustomSqlResult>(CustomSqlCheck.KindLabel, "active_operators");

        result.Series.Count.ShouldBe(2);
        var text = await harness.ScrapeAsync();
        text.ShouldContain("# HELP kpi_custom_active_operators Operators logged in, by region.");
        Support.MetricText.Value(text, "kpi_custom_active_operators{database=\"kpi\",region=\"north\"}").ShouldBe(250);
        Support.MetricText.Value(text, "kpi_custom_active_operators{database=\"kpi\",region=\"south\"}").ShouldBe(180);
    }

    [Fact]
    public async Task Several_value_columns_give_one_metric_each()
    {
        var options = new CustomSqlCheckOptions
        {
            Name = "queue",
            Sql = "SELECT 'emails' AS queue, 12 AS depth, 3.5::numeric AS oldest_seconds, NULL::int AS unused",
            ValueColumns = ["depth", "oldest_seconds", "unused"],
            LabelColumns = ["queue"],
        };
        await using var harness = Harness(options);

        await harness.RunOkAsync<CustomSqlResult>(CustomSqlCheck.KindLabel, "queue");

        var text = await harness.ScrapeAsync();
        Support.MetricText.Value(text, "kpi_custom_queue_depth{database=\"kpi\",queue=\"emails\"}").ShouldBe(12);
        Support.MetricText.Value(text, "kpi_custom_queue_oldest_seconds{database=\"kpi\",queue=\"emails\"}").ShouldBe(3.5);
        text.ShouldNotContain("kpi_custom_queue_unused{");
    }

    [Fact]
    public async Task Rows_that_disappear_drop_their_series()
    {
        var table = await OperatorsTableAsync(("north", 250), ("south", 180));
        await using var harness = Harness(ActiveOperators(table));
        await harness.RunOkAsync<CustomSqlResult>(CustomSqlCheck.KindLabel, "active_operators");

        await _db.ExecuteAsync($"DELETE FROM {table} WHERE region = 'south'");
        await harness.RunOkAsync<CustomSqlResult>(CustomSqlCheck.KindLabel, "active_operators");

        (await harness.ValueAsync("kpi_custom_active_operators{database=\"kpi\",region=\"south\"}")).ShouldBeNull();
        (await harness.ValueAsync("kpi_custom_active_operators{database=\"kpi\",region=\"north\"}")).ShouldBe(250);
    }

    [Fact]
    public async Task Unlabelled_check_series_appears_after_the_first_run_only()
    {
        await using var harness = Harness(new CustomSqlCheckOptions { Name = "answer", Sql = "SELECT 42 AS value" });
        (await harness.ScrapeAsync()).ShouldNotContain("\nkpi_custom_answer ");

        await harness.RunOkAsync<CustomSqlResult>(CustomSqlCheck.KindLabel, "answer");

        (await harness.ValueAsync("kpi_custom_answer{database=\"kpi\"}")).ShouldBe(42);
    }

    [Fact]
    public async Task Duplicate_labels_fail_the_check_and_keep_the_last_good_series()
    {
        var table = await OperatorsTableAsync(("north", 250), ("south", 180));
        await using var harness = Harness(ActiveOperators(table));
        await harness.RunOkAsync<CustomSqlResult>(CustomSqlCheck.KindLabel, "active_operators");

        await _db.ExecuteAsync($"UPDATE {table} SET region = 'north'");
        (await harness.RunAsync(CustomSqlCheck.KindLabel, "active_operators")).ShouldBeNull();

        var status = harness.Health.Get(CustomSqlCheck.KindLabel, "active_operators").ShouldNotBeNull();
        status.Up.ShouldBe(false);
        status.LastError.ShouldNotBeNull().ShouldContain("region=\"north\"");
        var text = await harness.ScrapeAsync();
        Support.MetricText.Value(text, "kpi_source_up{kind=\"custom_sql\",source=\"active_operators\"}").ShouldBe(0);
        Support.MetricText.Value(text, "kpi_source_errors_total{kind=\"custom_sql\",source=\"active_operators\",reason=\"duplicate_labels\"}").ShouldBe(1);
        Support.MetricText.Value(text, "kpi_custom_active_operators{database=\"kpi\",region=\"south\"}").ShouldBe(180);
    }

    [Fact]
    public async Task Missing_value_column_is_an_error_naming_the_columns_present()
    {
        await using var harness = Harness(new CustomSqlCheckOptions { Name = "answer", Sql = "SELECT 42 AS answer" });

        (await harness.RunAsync(CustomSqlCheck.KindLabel, "answer")).ShouldBeNull();

        harness.Health.Get(CustomSqlCheck.KindLabel, "answer")!.LastError.ShouldBe("missing_column: the result has no column 'value' (columns: answer)");
    }

    [Fact]
    public async Task Text_value_is_an_invalid_value()
    {
        await using var harness = Harness(new CustomSqlCheckOptions { Name = "answer", Sql = "SELECT 'many' AS value" });

        (await harness.RunAsync(CustomSqlCheck.KindLabel, "answer")).ShouldBeNull();

        (await harness.ValueAsync("kpi_source_errors_total{kind=\"custom_sql\",source=\"answer\",reason=\"invalid_value\"}")).ShouldBe(1);
    }

    [Fact]
    public async Task Writes_are_refused_by_the_read_only_transaction_even_for_a_superuser()
    {
        var table = await OperatorsTableAsync(("north", 250));
        var options = CheckHarness.Options(_db.Server.SuperUserConnectionString(PostgresFixture.Database));
        options.Add(new CustomSqlCheckOptions { Name = "sneaky", Sql = $"DELETE FROM {table} RETURNING 1 AS value" });
        await using var harness = new CheckHarness(options, Now);

        (await harness.RunAsync(CustomSqlCheck.KindLabel, "sneaky")).ShouldBeNull();

        harness.Health.Get(CustomSqlCheck.KindLabel, "sneaky")!.LastError.ShouldBe("query: 25006: cannot execute DELETE in a read-only transaction");
    }

    private static CustomSqlCheckOptions ActiveOperators(string table) => new()
    {
        Name = "active_operators",
        Sql = $"SELECT region, operators FROM {table}",
        ValueColumns = ["operators"],
        LabelColumns = ["region"],
        Help = "Operators logged in, by region.",
    };

    private async Task<string> OperatorsTableAsync(params (string Region, int Operators)[] rows)
    {
        var table = "ops_" + Guid.NewGuid().ToString("N")[..12];
        await _db.ExecuteAsync($"CREATE TABLE {table} (id serial PRIMARY KEY, region text NOT NULL, operators int NOT NULL)");
        foreach (var (region, operators) in rows)
        {
            await _db.ExecuteAsync($"INSERT INTO {table} (region, operators) VALUES ($1, $2)", region, operators);
        }

        return table;
    }

    private CheckHarness Harness(CustomSqlCheckOptions check)
    {
        var options = CheckHarness.Options(_db.ReaderConnectionString);
        options.Add(check);
        return new CheckHarness(options, Now);
    }
}
