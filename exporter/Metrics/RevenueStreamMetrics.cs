using KpiExporter.Sources.Database;
using Prometheus;

namespace KpiExporter.Metrics;

/// <summary>
/// The gauges of the revenue-stream checks (<see cref="RevenueStreamCheck"/>), kept apart from the other database
/// metrics so the check can own them. The configured thresholds are set once at start, so the rules read k and the
/// rate gate from here rather than keeping copies; measured values are set when a run succeeds and kept while the
/// check fails (its <c>kpi_source_up</c> says so).
/// </summary>
internal sealed class RevenueStreamMetrics
{
    private static readonly string[] TableLabel = ["table"];

    private readonly Gauge _lastSale;
    private readonly Gauge _observed;
    private readonly Gauge _recent;
    private readonly Gauge _slot;

    public RevenueStreamMetrics(IMetricFactory metrics, IEnumerable<RevenueStreamCheck> checks)
    {
        _lastSale = metrics.CreateGauge("kpi_revenue_last_sale_timestamp_seconds", "Newest transaction with the revenue status before the stream was last read, as a Unix timestamp (0 when the table has none).", TableLabel);
        _observed = metrics.CreateGauge("kpi_revenue_stream_observed_timestamp_seconds", "The instant the revenue stream was last read up to (the end of its windows), as a Unix timestamp.", TableLabel);
        _recent = metrics.CreateGauge("kpi_revenue_recent_transactions", "Revenue transactions in a trailing window ending when the stream was last read.", ["table", "window"]);
        _slot = metrics.CreateGauge("kpi_revenue_slot_transactions", "Revenue transactions in the same weekday and time-of-day slot (centred on the time the stream was read), weeks_ago weeks earlier.", ["table", "weeks_ago"]);
        var window = metrics.CreateGauge("kpi_revenue_recent_window_seconds", "Length of a trailing window of kpi_revenue_recent_transactions, in seconds.", ["table", "window"]);
        var slotLength = metrics.CreateGauge("kpi_revenue_slot_seconds", "Configured length of the time-of-day slot of kpi_revenue_slot_transactions, in seconds.", TableLabel);
        var threshold = metrics.CreateGauge("kpi_revenue_silence_threshold_transactions", "Configured k: the silence alarm fires when the sales expected since the last sale reach this number (chance e^-k by luck).", TableLabel);
        var gate = metrics.CreateGauge("kpi_revenue_min_expected_rate_per_second", "Configured minimum expected rate, in sales per second, below which the silence alarm stays quiet.", TableLabel);

        foreach (var check in checks)
        {
            foreach (var (name, length) in RevenueStreamCheck.RecentWindows)
            {
                window.WithLabels(check.Source, name).Set(length.TotalSeconds);
            }

            slotLength.WithLabels(check.Source).Set(check.Options.SlotSeconds);
            threshold.WithLabels(check.Source).Set(check.Options.SilenceThreshold);
            gate.WithLabels(check.Source).Set(check.Options.MinExpectedPerHour / 3600);
        }
    }

    /// <summary>Sets the measured gauges from a successful run.</summary>
    public void Publish(RevenueStreamResult result)
    {
        _lastSale.WithLabels(result.Table).Set(result.LastSale is { } sale ? Seconds(sale) : 0);
        _observed.WithLabels(result.Table).Set(Seconds(result.ObservedAt));
        foreach (var w in result.Recent)
        {
            _recent.WithLabels(result.Table, w.Name).Set(w.Transactions);
        }

        foreach (var w in result.History)
        {
            _slot.WithLabels(result.Table, w.Name).Set(w.Transactions);
        }
    }

    private static double Seconds(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds() / 1000.0;
}
