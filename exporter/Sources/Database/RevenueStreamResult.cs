namespace KpiExporter.Sources.Database;

/// <summary>
/// What one run of a <see cref="RevenueStreamCheck"/> found at <paramref name="ObservedAt"/> (the instant the
/// windows end at): the newest sale before it (null when the table has none), sales in the trailing windows, and
/// sales in the same time-of-week slot of each past week (index 0 is one week ago).
/// </summary>
internal sealed record RevenueStreamResult(
    string Table,
    DateTimeOffset ObservedAt,
    DateTimeOffset? LastSale,
    IReadOnlyList<RevenueStreamWindow> Recent,
    IReadOnlyList<RevenueStreamWindow> History) : DatabaseCheckResult
{
    public override long Rows => 1 + Recent.Count + History.Count;
}

/// <summary>Sales counted in [<paramref name="From"/>, <paramref name="To"/>); <paramref name="Name"/> is the window label (<c>5m</c>) or the weeks ago (<c>1</c>).</summary>
internal sealed record RevenueStreamWindow(string Name, DateTimeOffset From, DateTimeOffset To, long Transactions);
