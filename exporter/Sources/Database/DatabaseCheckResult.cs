namespace KpiExporter.Sources.Database;

/// <summary>What one successful run of a check found. Immutable; the metrics are set from it.</summary>
internal abstract record DatabaseCheckResult
{
    /// <summary>Result rows read (<c>kpi_source_rows</c>).</summary>
    public abstract long Rows { get; }
}

/// <summary>Newest value of the table's timestamp column before now; null when the table has no such row.</summary>
internal sealed record FreshnessResult(string Table, DateTimeOffset? NewestRow) : DatabaseCheckResult
{
    public override long Rows => 1;
}

/// <summary>Rows from local midnight (<paramref name="DayStart"/>) up to now.</summary>
internal sealed record VolumeResult(string Table, DateTimeOffset DayStart, long RowsToday) : DatabaseCheckResult
{
    public override long Rows => 1;
}

/// <summary>Revenue and revenue transactions in one time window.</summary>
internal sealed record RevenueWindow(string Window, DateTimeOffset From, DateTimeOffset To, decimal Amount, long Transactions);

/// <summary>The hourly windows, and every transaction of the last completed hour counted by status.</summary>
internal sealed record HourlyRevenueResult(string Table, IReadOnlyList<RevenueWindow> Windows, IReadOnlyDictionary<string, long> LastHourByStatus) : DatabaseCheckResult
{
    public override long Rows => Windows.Count + LastHourByStatus.Count;

    public RevenueWindow this[string window] => Windows.Single(w => w.Window == window);
}

/// <summary>Suspicious rows in the window [<paramref name="From"/>, now): negative amounts and NULLs per required column.</summary>
internal sealed record DataQualityResult(string Table, DateTimeOffset From, long? NegativeAmountRows, IReadOnlyDictionary<string, long> NullRows) : DatabaseCheckResult
{
    public override long Rows => 1;
}

/// <summary>One series of a custom check: the label values (in the order of the label columns) and one value per value column (null for SQL NULL).</summary>
internal sealed record CustomSqlRow(IReadOnlyList<string> Labels, IReadOnlyList<double?> Values);

/// <summary>Every result row of a custom check.</summary>
internal sealed record CustomSqlResult(string Check, IReadOnlyList<CustomSqlRow> Series) : DatabaseCheckResult
{
    public override long Rows => Series.Count;
}
