namespace KpiMonitoring.LocalServers;

/// <summary>
/// The reference <c>transactions</c> table of infrastructure/postgres/schema.sql, as the schema check expects it: its
/// columns in table order with their types as PostgreSQL's <c>format_type</c> prints them. One list for the demo
/// stack, the tests and the benchmark (the shipped compose and systemd configurations carry the same columns as
/// data, and a test binds the systemd one against the real table).
/// </summary>
public static class ReferenceSchema
{
    public static IReadOnlyList<(string Column, string Type)> TransactionsColumns { get; } =
    [
        ("id", "bigint"),
        ("created_at", "timestamp with time zone"),
        ("amount", "numeric(12,2)"),
        ("currency", "character(3)"),
        ("status", "text"),
        ("payment_method", "text"),
        ("customer_id", "bigint"),
        ("merchant_id", "integer"),
        ("country", "character(2)"),
        ("updated_at", "timestamp with time zone"),
        ("order_ref", "text"),
    ];

    /// <summary>The columns as a name-to-type map, as <c>Database:Schemas:N:ExpectedColumns</c> binds them.</summary>
    public static Dictionary<string, string> TransactionsColumnTypes() =>
        TransactionsColumns.ToDictionary(c => c.Column, c => c.Type, StringComparer.Ordinal);
}
