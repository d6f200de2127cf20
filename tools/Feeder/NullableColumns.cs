namespace KpiMonitoring.Feeder;

/// <summary>
/// The columns of the reference transactions table that the schema leaves nullable and the feeder always fills:
/// the ones a NULL-rows injection (<c>--null-rows</c>, <c>/null-rows?column=...</c>) may empty.
/// </summary>
internal static class NullableColumns
{
    public static readonly IReadOnlyList<string> All = ["amount", "status", "payment_method", "customer_id", "merchant_id", "country", "order_ref"];

    public static bool Contains(string column) => All.Contains(column, StringComparer.Ordinal);

    public static string Problem(string column) =>
        $"column '{column}': not a nullable column of the transactions table; use one of {string.Join(", ", All)}";
}
