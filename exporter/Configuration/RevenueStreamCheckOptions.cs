namespace KpiExporter.Configuration;

/// <summary>
/// A revenue stream watched in minutes rather than hours: <c>Database:Streams:N:*</c>. The check exports the time
/// of the newest sale, counts over short trailing windows and the same time-of-week slot of the last
/// <see cref="HistoryWeeks"/> weeks; the rules page when the silence since the last sale is implausible at the
/// expected rate (docs/alerting.md, "Revenue streams").
/// </summary>
public sealed class RevenueStreamCheckOptions : DatabaseCheckOptions
{
    public const int MaxHistoryWeeks = 12;

    /// <summary>The transactions table, optionally schema-qualified; empty means <see cref="DatabaseCheckOptions.Name"/>.</summary>
    public string? Table { get; set; }

    /// <summary>An indexed <c>timestamptz</c> column: when the sale happened.</summary>
    public string TimestampColumn { get; set; } = "created_at";

    /// <summary>The status column; empty means the table has none (every row is a sale).</summary>
    public string? StatusColumn { get; set; } = "status";

    /// <summary>The status value that counts as a sale (e.g. <c>approved</c>); empty means every row counts.</summary>
    public string? RevenueStatus { get; set; }

    /// <summary>How many past weeks give the expected rate (the same weekday and time of day, 1 to 12).</summary>
    public int HistoryWeeks { get; set; } = 4;

    /// <summary>Length of the time-of-day slot, centred on now's local time, counted in each past week.</summary>
    public double SlotSeconds { get; set; } = 900;

    /// <summary>
    /// k: the silence alarm fires when the sales expected during the silence since the last sale reach k (the chance
    /// of such a silence by luck is e^-k). Exported as <c>kpi_revenue_silence_threshold_transactions</c>.
    /// </summary>
    public double SilenceThreshold { get; set; } = 16;

    /// <summary>
    /// Below this expected rate (sales per hour) the silence alarm stays quiet: quiet nights never page. Exported in
    /// sales per second as <c>kpi_revenue_min_expected_rate_per_second</c>.
    /// </summary>
    public double MinExpectedPerHour { get; set; } = 30;
}
