using KpiExporter.Exposition;

namespace KpiExporter.Sources.Database;

/// <summary>
/// The revenue alerts' thresholds as one family, <c>kpi_revenue_threshold{table,threshold}</c>: each check exports
/// its own configured values (the hourly revenue check the RevenueStopped/RevenueDrop ones, the revenue stream the
/// RevenueRateDrop ones), and the rules compare against them, so a threshold is set in configuration only.
/// </summary>
internal static class RevenueThresholds
{
    public static readonly MetricFamily Family = MetricFamily.Gauge(
        "kpi_revenue_threshold",
        "Configured threshold of the revenue alerts for the table (Database:Revenue:N and Database:Streams:N); the rules compare against it.",
        "table",
        "threshold");

    public static void Add(MetricFamilies families, string table, params (string Threshold, double Value)[] thresholds)
    {
        foreach (var (threshold, value) in thresholds)
        {
            families.Add(Family, value, table, threshold);
        }
    }
}
