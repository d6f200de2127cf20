using KpiExporter.Sources.Database;
using KpiExporter.Tests.Support;
using KpiMonitoring.LocalServers;

namespace KpiExporter.Tests.Sources.Database;

/// <summary>The schema-drift check against the real server's catalog.</summary>
[Collection(PostgresTestGroup.Name)]
public sealed class SchemaCheckTests
{
    /// <summary>infrastructure/postgres/schema.sql's transactions table, as format_type prints it (and as the demo configures it).</summary>
    internal static readonly Dictionary<string, string> ReferenceColumns = ReferenceSchema.TransactionsColumnTypes();

    private static readonly DateTimeOffset Now = new(2026, 3, 11, 14, 25, 0, TimeSpan.Zero);

    private readonly PostgresFixture _db;

    public SchemaCheckTests(PostgresFixture db)
    {
        _db = db;
    }

    [Fact]
    public async Task The_reference_table_matches_its_expected_columns()
    {
        var table = await _db.NewTransactionsTableAsync();
        await using var harness = Harness(table, ReferenceColumns);

        var result = await harness.RunOkAsync<SchemaResult>(SchemaCheck.KindLabel, "transactions");

        result.Exists.ShouldBeTrue();
        result.Drift.ShouldBe(new SchemaDrift(0, 0, 0));
        result.Columns.Select(c => c.Name).ShouldBe(ReferenceColumns.Keys);
        var scrape = await harness.ScrapeAsync();
        MetricText.Value(scrape, "kpi_table_schema_table_exists{database=\"kpi\",table=\"transactions\"}").ShouldBe(1);
        MetricText.Value(scrape, "kpi_table_schema_columns{database=\"kpi\",table=\"transactions\"}").ShouldBe(11);
        MetricText.Value(scrape, "kpi_table_schema_column_info{database=\"kpi\",table=\"transactions\",column=\"amount\",type=\"numeric(12,2)\"}").ShouldBe(1);
        MetricText.Value(scrape, "kpi_table_schema_expected_column_info{database=\"kpi\",table=\"transactions\",column=\"created_at\",type=\"timestamp with time zone\"}").ShouldBe(1);
        foreach (var change in new[] { "missing", "added", "retyped" })
        {
            MetricText.Value(scrape, $"kpi_table_schema_drift_columns{{database=\"kpi\",table=\"transactions\",change=\"{change}\"}}").ShouldBe(0);
        }
    }

    [Fact]
    public async Task A_dropped_an_added_and_a_retyped_column_each_show()
    {
        var table = await _db.NewTransactionsTableAsync();
        await _db.ExecuteAsync($"ALTER TABLE {table} DROP COLUMN status, ADD COLUMN coupon text, ALTER COLUMN amount TYPE numeric(14,4)");
        await using var harness = Harness(table, ReferenceColumns);

        var result = await harness.RunOkAsync<SchemaResult>(SchemaCheck.KindLabel, "transactions");

        result.Drift.ShouldBe(new SchemaDrift(Missing: 1, Added: 1, Retyped: 1));
        var scrape = await harness.ScrapeAsync();
        MetricText.Value(scrape, "kpi_table_schema_column_info{database=\"kpi\",table=\"transactions\",column=\"status\",type=\"text\"}").ShouldBeNull();
        MetricText.Value(scrape, "kpi_table_schema_expected_column_info{database=\"kpi\",table=\"transactions\",column=\"status\",type=\"text\"}").ShouldBe(1);
        MetricText.Value(scrape, "kpi_table_schema_column_info{database=\"kpi\",table=\"transactions\",column=\"coupon\",type=\"text\"}").ShouldBe(1);
        MetricText.Value(scrape, "kpi_table_schema_column_info{database=\"kpi\",table=\"transactions\",column=\"amount\",type=\"numeric(14,4)\"}").ShouldBe(1);
        MetricText.Value(scrape, "kpi_table_schema_drift_columns{database=\"kpi\",table=\"transactions\",change=\"retyped\"}").ShouldBe(1);
    }

    [Fact]
    public async Task A_missing_table_has_every_expected_column_missing()
    {
        await using var harness = Harness("no_such_table", ReferenceColumns);

        var result = await harness.RunOkAsync<SchemaResult>(SchemaCheck.KindLabel, "transactions");

        result.Exists.ShouldBeFalse();
        result.Columns.ShouldBeEmpty();
        result.Drift.ShouldBe(new SchemaDrift(Missing: 11, Added: 0, Retyped: 0));
        MetricText.Value(await harness.ScrapeAsync(), "kpi_table_schema_table_exists{database=\"kpi\",table=\"transactions\"}").ShouldBe(0);
    }

    [Fact]
    public async Task A_schema_qualified_table_and_loosely_written_types_are_compared_as_format_type_prints_them()
    {
        var schema = "s_" + Guid.NewGuid().ToString("N")[..8];
        await _db.ExecuteAsync($"CREATE SCHEMA {schema}; CREATE TABLE {schema}.\"Refunds\" (id bigint, amount numeric(12, 2), at timestamptz); GRANT USAGE ON SCHEMA {schema} TO {PostgresFixture.Reader}");
        await using var harness = Harness($"{schema}.Refunds", new(StringComparer.Ordinal) { ["id"] = "BIGINT", ["amount"] = "Numeric(12, 2)", ["at"] = "timestamp  with time zone" });

        var result = await harness.RunOkAsync<SchemaResult>(SchemaCheck.KindLabel, "transactions");

        result.Exists.ShouldBeTrue();
        result.Drift.ShouldBe(new SchemaDrift(0, 0, 0));
        MetricText.Value(await harness.ScrapeAsync(), "kpi_table_schema_expected_column_info{database=\"kpi\",table=\"transactions\",column=\"amount\",type=\"numeric(12,2)\"}").ShouldBe(1);
    }

    [Fact]
    public async Task Expected_columns_are_served_only_once_the_catalog_has_been_read()
    {
        var options = CheckHarness.Options("Host=127.0.0.1;Port=1;Username=nobody;Password=x;Database=kpi;Timeout=1");
        options.Add(new SchemaCheckOptions { Name = "transactions", ExpectedColumns = new(ReferenceColumns) });
        await using var harness = new CheckHarness(options, Now);

        (await harness.RunAsync(SchemaCheck.KindLabel, "transactions")).ShouldBeNull();

        (await harness.ScrapeAsync()).ShouldNotContain("kpi_table_schema_expected_column_info{");
    }

    [Fact]
    public void Validation_names_the_key_of_each_bad_setting()
    {
        var options = new DatabaseOptions { ConnectionString = "Host=db" }
            .Add(new SchemaCheckOptions { Name = "empty" })
            .Add(new SchemaCheckOptions { Name = "bad", ExpectedColumns = new(StringComparer.Ordinal) { ["created at"] = "text", ["id"] = " " } })
            .Add(new SchemaCheckOptions { Name = "wide", MaxColumns = 1, ExpectedColumns = new(StringComparer.Ordinal) { ["a"] = "text", ["b"] = "text" } });

        var failures = new DatabaseOptionsValidator().Validate(null, options).Failures!.ToList();

        failures.ShouldContain(f => f.StartsWith("Database:Schemas:0:ExpectedColumns ('empty'): empty", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("Database:Schemas:1:ExpectedColumns:created at = 'created at'", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("Database:Schemas:1:ExpectedColumns:id = ' '", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("Database:Schemas:2:ExpectedColumns ('wide'): 2 columns, more than Database:Schemas:2:MaxColumns (1)", StringComparison.Ordinal));
        failures.Count.ShouldBe(4);
    }

    private CheckHarness Harness(string table, Dictionary<string, string> expected)
    {
        var options = CheckHarness.Options(_db.ReaderConnectionString);
        options.Add(new SchemaCheckOptions { Name = "transactions", Table = table, ExpectedColumns = new(expected, StringComparer.Ordinal) });
        return new CheckHarness(options, Now);
    }
}
