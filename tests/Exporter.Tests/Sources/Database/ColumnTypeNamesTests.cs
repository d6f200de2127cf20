using KpiExporter.Sources.Database;

namespace KpiExporter.Tests.Sources.Database;

public sealed class ColumnTypeNamesTests
{
    [Theory]
    [InlineData("bigint", null)]
    [InlineData("numeric(12,2)", null)]
    [InlineData("numeric(12, 2)", "numeric(12,2)")]
    [InlineData("decimal(12,2)", "numeric(12,2)")]
    [InlineData("int4", "integer")]
    [InlineData("int", "integer")]
    [InlineData("int8", "bigint")]
    [InlineData("char(3)", "character(3)")]
    [InlineData("char", "character(1)")]
    [InlineData("character(3)", null)]
    [InlineData("varchar(20)", "character varying(20)")]
    [InlineData("character varying(20)", null)]
    [InlineData("timestamptz", "timestamp with time zone")]
    [InlineData("timestamp", "timestamp without time zone")]
    [InlineData("timestamp with time zone", null)]
    [InlineData("timestamp(3) with time zone", null)]
    [InlineData("double precision", null)]
    [InlineData("float8", "double precision")]
    [InlineData("text[]", null)]
    [InlineData("int[]", "integer[]")]
    [InlineData("bpchar", null)]
    [InlineData("order_status", null)]
    [InlineData("sales.order_status", null)]
    public void Short_spellings_of_builtin_types_are_named_as_format_type_prints_them(string type, string? canonical) =>
        ColumnTypeNames.Canonical(type).ShouldBe(canonical);

    [Fact]
    public void An_expected_type_in_a_short_spelling_is_rejected_naming_the_key_and_the_spelling_to_use()
    {
        var options = new DatabaseOptions { ConnectionString = "Host=db" }
            .Add(new SchemaCheckOptions
            {
                Name = "transactions",
                ExpectedColumns = new(StringComparer.Ordinal) { ["created_at"] = "timestamptz", ["ref"] = "VARCHAR(20)", ["id"] = "BIGINT", ["amount"] = "Numeric(12, 2)" },
            });

        var failures = new DatabaseOptionsValidator().Validate(null, options).Failures!.ToList();

        failures.ShouldBe(
        [
            "Database:Schemas:0:ExpectedColumns:created_at = 'timestamptz': format_type prints this type as 'timestamp with time zone'; write that, or every run reports the column retyped.",
            "Database:Schemas:0:ExpectedColumns:ref = 'VARCHAR(20)': format_type prints this type as 'character varying(20)'; write that, or every run reports the column retyped.",
        ], ignoreOrder: true);
    }
}
