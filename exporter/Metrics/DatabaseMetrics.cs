using KpiExporter.Sources.Database;
using Prometheus;

namespace KpiExporter.Metrics;

/// <summary>
/// The database checks' gauges. Configured thresholds are set once at start; measured values are set when a check
/// succeeds and kept while it fails (its <c>kpi_source_up</c> says so). A scrape only reads what is here.
/// Series of statuses or custom-check rows that no longer appear in a result are removed.
/// </summary>
internal sealed class DatabaseMetrics
{
    private static readonly string[] TableLabel = ["table"];

    private readonly Gauge _lastRow;
    private readonly Gauge _staleWarning;
    private readonly Gauge _staleCritical;
    private readonly Gauge _rowsToday;
    private readonly Gauge _dayStart;
    private readonly Gauge _expectedAfter;
    private readonly Gauge _revenueAmount;
    private readonly Gauge _revenueTransactions;
    private readonly Gauge _statusTransactions;
    private readonly Gauge _negativeRows;
    private readonly Gauge _nullRows;
    private readonly Gauge _qualityWindow;
    private readonly RevenueStreamMetrics _streams;
    private readonly Dictionary<string, CustomGauges> _custom = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _statuses = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public DatabaseMetrics(IMetricFactory metrics, DatabaseCheckCatalog catalog)
    {
        _lastRow = metrics.CreateGauge("kpi_table_last_row_timestamp_seconds", "Newest value of the table's timestamp column, as a Unix timestamp (0 when the table has no row yet).", TableLabel);
        _staleWarning = metrics.CreateGauge("kpi_table_stale_warning_seconds", "Configured age of the newest row, in seconds, from which the table counts as stale (warning).", TableLabel);
        _staleCritical = metrics.CreateGauge("kpi_table_stale_critical_seconds", "Configured age of the newest row, in seconds, from which the table counts as stale (critical).", TableLabel);
        _rowsToday = metrics.CreateGauge("kpi_table_rows_today", "Rows of the table since local midnight in the configured time zone.", TableLabel);
        _dayStart = metrics.CreateGauge("kpi_table_day_start_timestamp_seconds", "Local midnight that starts kpi_table_rows_today, as a Unix timestamp.", TableLabel);
        _expectedAfter = metrics.CreateGauge("kpi_table_rows_expected_after_seconds", "Configured seconds after local midnight from which zero rows today is alarming.", TableLabel);
        _revenueAmount = metrics.CreateGauge("kpi_revenue_hour_amount", "Revenue summed over an hour window: current_hour (partial), last_hour (last completed), previous_hour, same_hour_yesterday, same_hour_last_week.", ["table", "window"]);
        _revenueTransactions = metrics.CreateGauge("kpi_revenue_hour_transactions", "Revenue transactions counted over an hour window (see kpi_revenue_hour_amount).", ["table", "window"]);
        _statusTransactions = metrics.CreateGauge("kpi_revenue_last_hour_status_transactions", "Transactions of the last completed hour, by status.", ["table", "status"]);
        _negativeRows = metrics.CreateGauge("kpi_data_quality_negative_amount_rows", "Rows with a negative amount in the data-quality window.", TableLabel);
        _nullRows = metrics.CreateGauge("kpi_data_quality_null_rows", "Rows with NULL in a required column in the data-quality window.", ["table", "column"]);
        _qualityWindow = metrics.CreateGauge("kpi_data_quality_window_seconds", "The recent window, in seconds, that the data-quality counts cover.", TableLabel);

        _streams = new RevenueStreamMetrics(metrics, catalog.Checks.OfType<RevenueStreamCheck>());
        foreach (var check in catalog.Checks)
        {
            switch (check)
            {
                case FreshnessCheck freshness:
                    _staleWarning.WithLabels(freshness.Source).Set(freshness.Options.StaleWarningSeconds);
                    _staleCritical.WithLabels(freshness.Source).Set(freshness.Options.StaleCriticalSeconds);
                    break;
                case VolumeCheck volume:
                    _expectedAfter.WithLabels(volume.Source).Set(volume.Options.RowsExpectedAfterHour * 3600);
                    break;
                case DataQualityCheck quality:
                    _qualityWindow.WithLabels(quality.Source).Set(quality.Options.WindowSeconds);
                    break;
                case CustomSqlCheck custom:
                    _custom[custom.Source] = new CustomGauges(metrics, custom);
                    break;
            }
        }
    }

    /// <summary>Sets the gauges from a check's successful result.</summary>
    public void Publish(DatabaseCheckResult result)
    {
        lock (_gate)
        {
            switch (result)
            {
                case FreshnessResult r:
                    _lastRow.WithLabels(r.Table).Set(r.NewestRow is { } newest ? Seconds(newest) : 0);
                    break;
                case VolumeResult r:
                    _rowsToday.WithLabels(r.Table).Set(r.RowsToday);
                    _dayStart.WithLabels(r.Table).Set(Seconds(r.DayStart));
                    break;
                case HourlyRevenueResult r:
                    PublishRevenue(r);
                    break;
                case RevenueStreamResult r:
                    _streams.Publish(r);
                    break;
                case DataQualityResult r:
                    if (r.NegativeAmountRows is { } negative)
                    {
                        _negativeRows.WithLabels(r.Table).Set(negative);
                    }

                    foreach (var (column, count) in r.NullRows)
                    {
                        _nullRows.WithLabels(r.Table, column).Set(count);
                    }

                    break;
                case CustomSqlResult r:
                    _custom[r.Check].Publish(r);
                    break;
            }
        }
    }

    private void PublishRevenue(HourlyRevenueResult r)
    {
        foreach (var window in r.Windows)
        {
            _revenueAmount.WithLabels(r.Table, window.Window).Set((double)window.Amount);
            _revenueTransactions.WithLabels(r.Table, window.Window).Set(window.Transactions);
        }

        var known = _statuses.TryGetValue(r.Table, out var seen) ? seen : [];
        foreach (var gone in known.Where(s => !r.LastHourByStatus.ContainsKey(s)))
        {
            _statusTransactions.RemoveLabelled(r.Table, gone);
        }

        foreach (var (status, count) in r.LastHourByStatus)
        {
            _statusTransactions.WithLabels(r.Table, status).Set(count);
        }

        _statuses[r.Table] = r.LastHourByStatus.Keys.ToHashSet(StringComparer.Ordinal);
    }

    private static double Seconds(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>The gauges of one custom check (one per value column) and the label sets it has published.</summary>
    private sealed class CustomGauges
    {
        private readonly Gauge[] _gauges;
        private readonly bool _unlabelled;
        private HashSet<SeriesKey> _published = [];

        public CustomGauges(IMetricFactory metrics, CustomSqlCheck check)
        {
            var options = check.Options;
            var labels = options.LabelColumns.ToArray();
            _unlabelled = labels.Length == 0;
            var config = new GaugeConfiguration { SuppressInitialValue = true };
            _gauges = options.MetricNames
                .Select((name, i) => metrics.CreateGauge(name, Help(options, i), labels, config))
                .ToArray();
        }

        public void Publish(CustomSqlResult result)
        {
            var now = new HashSet<SeriesKey>();
            foreach (var row in result.Series)
            {
                var labels = row.Labels.ToArray();
                for (var i = 0; i < _gauges.Length; i++)
                {
                    if (row.Values[i] is { } value)
                    {
                        var key = new SeriesKey(i, string.Join('\u001f', labels), labels);
                        now.Add(key);
                        Child(_gauges[i], labels).Set(value);
                    }
                }
            }

            foreach (var gone in _published.Where(k => !now.Contains(k)))
            {
                if (_unlabelled)
                {
                    _gauges[gone.Gauge].Unpublish();
                }
                else
                {
                    _gauges[gone.Gauge].RemoveLabelled(gone.Labels);
                }
            }

            _published = now;
        }

        private IGauge Child(Gauge gauge, string[] labels) => _unlabelled ? gauge : gauge.WithLabels(labels);

        private static string Help(KpiExporter.Configuration.CustomSqlCheckOptions options, int index)
        {
            var column = options.EffectiveValueColumns[index];
            if (string.IsNullOrWhiteSpace(options.Help))
            {
                return $"Custom SQL check {options.Name}: column {column}.";
            }

            return options.EffectiveValueColumns.Count == 1 ? options.Help : $"{options.Help} ({column})";
        }

        private sealed record SeriesKey(int Gauge, string Joined, string[] Labels)
        {
            public bool Equals(SeriesKey? other) => other is not null && other.Gauge == Gauge && other.Joined == Joined;

            public override int GetHashCode() => HashCode.Combine(Gauge, Joined);
        }
    }
}
