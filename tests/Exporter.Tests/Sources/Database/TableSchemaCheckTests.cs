using KpiExporter.Sources.Database;
using KpiExporter.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace KpiExporter.Tests.Sources.Database;

[Collection(PostgresTestGroup.Name)]
public sealed class TableSchemaCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 11, 14, 25, 0, TimeSpan.Zero);

    private readonly PostgresFixture _db;

    public TableSchemaCheckTests(PostgresFixture db)
    {
        _db = db;
    }

    [Fact]
    public async Task The_reference_transactions_table_matches_the_shipped_expected_columns()
    {
        // The table the feeder's --init-schema creates (infrastructure/postgres/schema.sql), checked with the entry of
        // the production example configuration, as the exporter binds it.
        var options = CheckHarness.Options(_db.ReaderConnectionString);
        var entry = ShippedEntry(options);
        entry.ExpectedColumns.Count.ShouldBe(10);
        await using var harness = new CheckHarness(options, Now);

        var result = await harness.RunOkAsync<TableSchemaResult>(TableSchemaCheck.KindLabel, "transactions");

        result.Exists.ShouldBeTrue();
        result.Missing.ShouldBeEmpty();
        result.Added.ShouldBeEmpty();
        result.Retyped.ShouldBeEmpty();
        var metrics = await harness.ScrapeAsync();
        MetricText.Value(metrics, "kpi_table_schema_columns{database=\"kpi\",table=\"transactions\"}").ShouldBe(10);
        MetricText.Value(metrics, "kpi_table_schema_columns_missing{database=\"kpi\",table=\"transactions\"}").ShouldBe(0);
        MetricText.Value(metrics, "kpi_table_schema_columns_added{database=\"kpi\",table=\"transactions\"}").ShouldBe(0);
        MetricText.Value(metrics, "kpi_table_schema_columns_retyped{database=\"kpi\",table=\"transactions\"}").ShouldBe(0);
        MetricText.Value(metrics, "kpi_table_schema_column_info{database=\"kpi\",table=\"transactions\",column=\"amount\",type=\"numeric(12,2)\"}").ShouldBe(1);
        MetricText.Value(metrics, "kpi_table_schema_expected_column_info{database=\"kpi\",table=\"transactions\",column=\"created_at\",type=\"timestamp with time zone\"}").ShouldBe(1);
    }

    [Fact]
    public async Task A_dropped_an_added_and_a_retyped_column_each_show_in_the_metrics()
    {
        var table = await _db.NewTransactionsTableAsync();
        var options = CheckHarness.Options(_db.ReaderConnectionString);
        var expected = ShippedEntry(new DatabaseOptions()).ExpectedColumns;
        options.Add(new TableSchemaCheckOptions { Name = "orders", Table = table, ExpectedColumns = expected });
        await using var harness = new CheckHarness(options, Now);
        const string Labels = "database=\"kpi\",table=\"orders\"";

        (await harness.RunOkAsync<TableSchemaResult>(TableSchemaCheck.KindLabel, "orders")).Columns.Count.ShouldBe(10);
        (await harness.ValueAsync($"kpi_table_schema_columns_missing{{{Labels}}}")).ShouldBe(0);

        await _db.ExecuteAsync($"ALTER TABLE {table} DROP COLUMN payment_method");
        var dropped = await harness.RunOkAsync<TableSchemaResult>(TableSchemaCheck.KindLabel, "orders");
        dropped.Missing.ShouldBe(["payment_method"]);
        var metrics = await harness.ScrapeAsync();
        MetricText.Value(metrics, $"kpi_table_schema_columns_missing{{{Labels}}}").ShouldBe(1);
        MetricText.Value(metrics, $"kpi_table_schema_columns{{{Labels}}}").ShouldBe(9);
        MetricText.Value(metrics, $"kpi_table_schema_column_info{{{Labels},column=\"payment_method\",type=\"text\"}}").ShouldBeNull();
        MetricText.Value(metrics, $"kpi_table_schema_expected_column_info{{{Labels},column=\"payment_method\",type=\"text\"}}").ShouldBe(1);

        await _db.ExecuteAsync($"ALTER TABLE {table} ADD COLUMN coupon_code varchar(20)");
        var added = await harness.RunOkAsync<TableSchemaResult>(TableSchemaCheck.KindLabel, "orders");
        added.Added.ShouldBe(["coupon_code"]);
        metrics = await harness.ScrapeAsync();
        MetricText.Value(metrics, $"kpi_table_schema_columns_added{{{Labels}}}").ShouldBe(1);
        MetricText.Value(metrics, $"kpi_table_schema_column_info{{{Labels},column=\"coupon_code\",type=\"character varying(20)\"}}").ShouldBe(1);

        await _db.ExecuteAsync($"ALTER TABLE {table} ALTER COLUMN amount TYPE numeric(14,2)");
        var retyped = await harness.RunOkAsync<TableSchemaResult>(TableSchemaCheck.KindLabel, "orders");
        retyped.Retyped.ShouldBe(["amount"]);
        metrics = await harness.ScrapeAsync();
        MetricText.Value(metrics, $"kpi_table_schema_columns_retyped{{{Labels}}}").ShouldBe(1);
        MetricText.Value(metrics, $"kpi_table_schema_column_info{{{Labels},column=\"amount\",type=\"numeric(14,2)\"}}").ShouldBe(1);
        MetricText.Value(metrics, $"kpi_table_schema_column_info{{{Labels},column=\"amount\",type=\"numeric(12,2)\"}}").ShouldBeNull();
        MetricText.Value(metrics, $"kpi_table_schema_columns_missing{{{Labels}}}").ShouldBe(1);
        MetricText.Value(metrics, $"kpi_table_schema_columns_added{{{Labels}}}").ShouldBe(1);
    }

    [Fact]
    public async Task A_table_that_does_not_exist_has_every_expected_column_missing()
    {
        var options = CheckHarness.Options(_db.ReaderConnectionString)
            .Add(new TableSchemaCheckOptions { Name = "gone", Table = "no_such_table", ExpectedColumns = new() { ["id"] = "bigint", ["created_at"] = "timestamp with time zone" } });
        await using var harness = new CheckHarness(options, Now);

        var result = await harness.RunOkAsync<TableSchemaResult>(TableSchemaCheck.KindLabel, "gone");

        result.Exists.ShouldBeFalse();
        result.Columns.ShouldBeEmpty();
        result.Missing.ShouldBe(["created_at", "id"]);
        (await harness.ValueAsync("kpi_table_schema_columns_missing{database=\"kpi\",table=\"gone\"}")).ShouldBe(2);
        (await harness.ValueAsync("kpi_table_schema_columns{database=\"kpi\",table=\"gone\"}")).ShouldBe(0);
    }

    [Fact]
    public async Task A_schema_qualified_table_is_read_from_its_schema_not_from_the_search_path()
    {
        var schema = "s_" + Guid.NewGuid().ToString("N")[..10];
        await _db.ExecuteAsync($"CREATE SCHEMA {schema}; CREATE TABLE {schema}.transactions (id bigint, note text); GRANT USAGE ON SCHEMA {schema} TO {PostgresFixture.Reader}");
        var options = CheckHarness.Options(_db.ReaderConnectionString)
            .Add(new TableSchemaCheckOptions { Name = "notes", Table = $"{schema}.transactions", ExpectedColumns = new() { ["id"] = "bigint", ["note"] = "text" } });
        await using var harness = new CheckHarness(options, Now);

        var result = await harness.RunOkAsync<TableSchemaResult>(TableSchemaCheck.KindLabel, "notes");

        result.Columns.ShouldBe([new TableColumn("id", "bigint"), new TableColumn("note", "text")]);
        result.Missing.ShouldBeEmpty();
        result.Added.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_column_series_stop_at_MaxColumns_keeping_the_expected_columns()
    {
        var table = "wide_" + Guid.NewGuid().ToString("N")[..10];
        await _db.ExecuteAsync($"CREATE TABLE {table} (a1 int, a2 int, id bigint, a3 int, amount numeric(12,2))");
        var options = CheckHarness.Options(_db.ReaderConnectionString)
            .Add(new TableSchemaCheckOptions { Name = "wide", Table = table, MaxColumns = 3, ExpectedColumns = new() { ["id"] = "bigint", ["amount"] = "numeric(12,2)" } });
        await using var harness = new CheckHarness(options, Now);

        await harness.RunOkAsync<TableSchemaResult>(TableSchemaCheck.KindLabel, "wide");

        var metrics = await harness.ScrapeAsync();
        var series = metrics.Split('\n').Where(l => l.StartsWith("kpi_table_schema_column_info{", StringComparison.Ordinal)).ToList();
        series.Count.ShouldBe(3);
        series.ShouldContain(l => l.Contains("column=\"id\"", StringComparison.Ordinal));
        series.ShouldContain(l => l.Contains("column=\"amount\"", StringComparison.Ordinal));
        MetricText.Value(metrics, "kpi_table_schema_columns_added{database=\"kpi\",table=\"wide\"}").ShouldBe(3);
        MetricText.Value(metrics, "kpi_table_schema_columns{database=\"kpi\",table=\"wide\"}").ShouldBe(5);
    }

    [Fact]
    public void Bad_entries_are_rejected_naming_the_key()
    {
        var options = new DatabaseOptions { ConnectionString = "Host=db" }
            .Add(new TableSchemaCheckOptions { Name = "none" })
            .Add(new TableSchemaCheckOptions
            {
                Name = "orders",
                Table = "a.b.c",
                MaxColumns = 2,
                ExpectedColumns = new() { ["id;drop"] = "bigint", ["created_at"] = "timestamptz", ["amount"] = " ", ["ref"] = "VARCHAR(20)" },
            })
            .Add(new TableSchemaCheckOptions { Name = "wide", MaxColumns = 5000, ExpectedColumns = new() { ["id"] = "bigint" } });

        var failures = new DatabaseOptionsValidator().Validate(null, options).Failures!.ToList();

        failures.ShouldContain(f => f.StartsWith("Database:Schemas:0:ExpectedColumns ('none'): no columns", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("Database:Schemas:1:Table = 'a.b.c'", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("Database:Schemas:1:ExpectedColumns ('orders'): 4 columns, more than Database:Schemas:1:MaxColumns ('2')", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("Database:Schemas:1:ExpectedColumns:id;drop: 'id;drop' must be a column name", StringComparison.Ordinal));
        failures.ShouldContain("Database:Schemas:1:ExpectedColumns:created_at = 'timestamptz': format_type prints this type as 'timestamp with time zone'; write that, or every run reports the column retyped.");
        failures.ShouldContain(f => f.StartsWith("Database:Schemas:1:ExpectedColumns:amount = ' ': the type is empty", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("Database:Schemas:1:ExpectedColumns:ref = 'VARCHAR(20)': format_type prints this type as 'character varying(20)'", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("Database:Schemas:2:MaxColumns = '5000'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_production_example_with_its_expected_columns_has_only_known_keys()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepoPaths.Root, "infrastructure", "systemd", "config.json"), optional: false)
            .Build();

        KpiExporter.Startup.ConfigurationKeys.Check(configuration).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("bigint", null)]
    [InlineData("numeric(12,2)", null)]
    [InlineData("numeric(12, 2)", "numeric(12,2)")]
    [InlineData("int4", "integer")]
    [InlineData("char(3)", "character(3)")]
    [InlineData("character(3)", null)]
    [InlineData("timestamp", "timestamp without time zone")]
    [InlineData("timestamp with time zone", null)]
    [InlineData("timestamp(3) with time zone", null)]
    [InlineData("text[]", null)]
    [InlineData("int[]", "integer[]")]
    [InlineData("order_status", null)]
    public void Short_spellings_of_builtin_types_are_named_as_format_type_prints_them(string type, string? canonical) =>
        ColumnTypeNames.Canonical(type).ShouldBe(canonical);

    /// <summary>The <c>Database:Schemas</c> entry of the production example (infrastructure/systemd/config.json), bound into <paramref name="options"/>.</summary>
    private static TableSchemaCheckOptions ShippedEntry(DatabaseOptions options)
    {
        var database = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepoPaths.Root, "infrastructure", "systemd", "config.json"), optional: false)
            .Build()
            .GetSection("Database");
        DatabaseCheckSections.For(typeof(TableSchemaCheckOptions)).Bind(database, options);
        return options.Of<TableSchemaCheckOptions>().Single();
    }
}
