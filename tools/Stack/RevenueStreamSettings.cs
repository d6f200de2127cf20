namespace KpiMonitoring.Stack;

/// <summary>
/// One revenue-stream check of the exporter on the feeder's table in the payments database (<c>Database:Streams:N</c>), as the stack
/// configures it: the logical name (the <c>table</c> label), the status counted as a sale and the thresholds.
/// </summary>
internal sealed record RevenueStreamSettings
{
    public string Name { get; init; } = LocalStack.TransactionsTable;

    public string RevenueStatus { get; init; } = "approved";

    public int HistoryWeeks { get; init; } = 4;

    public double SlotSeconds { get; init; } = 900;

    /// <summary>k; empty means the exporter's default.</summary>
    public double? SilenceThreshold { get; init; }

    /// <summary>The rate gate in sales an hour; empty means the exporter's default.</summary>
    public double? MinExpectedPerHour { get; init; }

    /// <summary>The exporter's environment variables for entry <paramref name="index"/>.</summary>
    public IEnumerable<KeyValuePair<string, string>> Environment(int index)
    {
        var key = $"Database__Streams__{index}__";
        yield return new(key + "Name", Name);
        yield return new(key + "Table", LocalStack.TransactionsTable);
        yield return new(key + "Database", LocalStack.PaymentsDatabase);
        yield return new(key + "RevenueStatus", RevenueStatus);
        yield return new(key + "HistoryWeeks", HistoryWeeks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new(key + "SlotSeconds", SlotSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (SilenceThreshold is { } k)
        {
            yield return new(key + "SilenceThreshold", k.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (MinExpectedPerHour is { } gate)
        {
            yield return new(key + "MinExpectedPerHour", gate.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
