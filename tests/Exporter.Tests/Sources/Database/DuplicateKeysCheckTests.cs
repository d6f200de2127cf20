using KpiExporter.Sources.Database;

namespace KpiExporter.Tests.Sources.Database;

[Collection(PostgresTestGroup.Name)]
public sealed class DuplicateKeysCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 11, 14, 25, 0, TimeSpan.Zero);

    private readonly PostgresFixture _db;

    public DuplicateKeysCheckTests(PostgresFixture db)
    {
        _db = db;
    }

    [Fact]
    public async Task Keys_on_more_than_one_row_inside_the_window_are_counted()
    {
        var table = $"orders_{Guid.NewGuid():N}"[..20];
        await _db.ExecuteAsync($"CREATE TABLE {table} (id bigint GENERATED ALWAYS AS IDENTITY, order_ref text, created_at timestamptz NOT NULL)");
        await _db.ExecuteAsync($"GRANT SELECT ON {table} TO {PostgresFixture.Reader}");
        foreach (var (reference, minutesAgo) in new (string?, int)[]
        {
            ("A-1", 5), ("A-1", 10), ("A-1", 20), // three copies: one key, three rows
            ("B-2", 30), ("B-2", 40),             // two copies
            ("C-3", 15),                          // unique
            ("D-4", 50), ("D-4", 70),             // second copy outside the one-hour window
            (null, 1), (null, 2),                 // NULL is no key
            ("E-5", -5), ("E-5", 3),              // one copy stamped in the future
        })
        {
            await _db.ExecuteAsync($"INSERT INTO {table} (order_ref, created_at) VALUES ($1, $2)", (object?)reference ?? DBNull.Value, Now.AddMinutes(-minutesAgo));
        }

        var options = CheckHarness.Options(_db.ReaderConnectionString)
            .Add(new DuplicateKeysCheckOptions { Name = "orders", Table = table, KeyColumn = "order_ref", WindowSeconds = 3600 });
        await using var harness = new CheckHarness(options, Now);

        var result = await harness.RunOkAsync<DuplicateKeysResult>(DuplicateKeysCheck.KindLabel, "orders");

        result.ShouldBe(new DuplicateKeysResult(2, 5));
        (await harness.ValueAsync("kpi_data_quality_duplicate_keys{database=\"kpi\",table=\"orders\",column=\"order_ref\"}")).ShouldBe(2);
        (await harness.ValueAsync("kpi_data_quality_duplicate_key_rows{database=\"kpi\",table=\"orders\",column=\"order_ref\"}")).ShouldBe(5);
        (await harness.ValueAsync("kpi_data_quality_duplicate_window_seconds{database=\"kpi\",table=\"orders\",column=\"order_ref\"}")).ShouldBe(3600);
    }

    [Fact]
    public void An_entry_without_a_key_column_is_rejected_by_name()
    {
        var options = new DatabaseOptions { ConnectionString = "Host=db" }.Add(new DuplicateKeysCheckOptions { Name = "orders", WindowSeconds = 0 });

        var failures = new DatabaseOptionsValidator().Validate(null, options).Failures!.ToList();

        failures.ShouldContain("Database:DuplicateKeys:0:KeyColumn = '': must be a column name (letters, digits, '_', '$'; at most 63 characters).");
        failures.ShouldContain(f => f.StartsWith("Database:DuplicateKeys:0:WindowSeconds = '0'", StringComparison.Ordinal));
    }
}
