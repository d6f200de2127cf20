using KpiExporter.Configuration;
using KpiExporter.Judging;
using KpiExporter.Sources.Checkout;
using Microsoft.Extensions.Options;
using Prometheus;

namespace KpiExporter.Metrics;

/// <summary>
/// Turns the stored datasets into gauges: the judged hour (set from memory just before each scrape, so it follows
/// the clock without touching any file) and each file's time. The per-hour series are rendered by
/// <see cref="HourSeriesWriter"/> straight from the stored days.
/// </summary>
internal sealed class CheckoutMetrics
{
    private readonly CheckoutDatasetStore _store;
    private readonly JudgedHourClock _clock;
    private readonly bool _exportMaxAge;
    private readonly double _maxAgeSeconds;
    private readonly Gauge _judgedHour;
    private readonly Gauge _judged;
    private readonly Gauge _judgedBaseline;
    private readonly Gauge _fileModified;
    private readonly Gauge _maxAge;
    private readonly Lock _gate = new();

    public CheckoutMetrics(IMetricFactory metrics, CollectorRegistry registry, CheckoutDatasetStore store, JudgedHourClock clock, IOptions<CheckoutOptions> options)
    {
        _store = store;
        _clock = clock;
        _exportMaxAge = options.Value.Mode == CheckoutMode.Live;
        _maxAgeSeconds = options.Value.MaxAgeSeconds;
        _judgedHour = metrics.CreateGauge("kpi_checkout_judged_hour", "The hour of the day (0-23) being judged now: the last completed hour in live mode, the replayed hour in replay mode.", ["dataset"]);
        _judged = metrics.CreateGauge("kpi_checkout_judged_hour_transactions", "Today's checkout transactions in the judged hour; absent when the dataset has no row for that hour.", ["dataset"]);
        _judgedBaseline = metrics.CreateGauge("kpi_checkout_judged_hour_baseline_transactions", "Baseline checkout transactions for the judged hour.", ["dataset", "baseline"]);
        _fileModified = metrics.CreateGauge("kpi_checkout_file_modified_timestamp_seconds", "Modification time of the dataset's file, as a Unix timestamp.", ["dataset"]);
        _maxAge = metrics.CreateGauge("kpi_checkout_max_age_seconds", "Configured age in seconds after which the dataset's file counts as stale (live mode only).", ["dataset"]);

        store.Changed += OnChanged;
        foreach (var dataset in store.All)
        {
            OnChanged(null, dataset);
        }

        registry.AddBeforeCollectCallback(UpdateJudgedHour);
    }

    private void OnChanged(CheckoutDataset? old, CheckoutDataset? current)
    {
        lock (_gate)
        {
            if (current is null)
            {
                RemoveAll(old!);
                return;
            }

            var name = current.Name;
            _fileModified.WithLabels(name).Set(current.FileModified.ToUnixTimeMilliseconds() / 1000.0);
            if (_exportMaxAge)
            {
                _maxAge.WithLabels(name).Set(_maxAgeSeconds);
            }

            UpdateJudged(current, _clock.JudgedHour());
        }
    }

    private void UpdateJudgedHour()
    {
        var hour = _clock.JudgedHour();
        lock (_gate)
        {
            foreach (var dataset in _store.All)
            {
                UpdateJudged(dataset, hour);
            }
        }
    }

    private void UpdateJudged(CheckoutDataset dataset, int hour)
    {
        var name = dataset.Name;
        _judgedHour.WithLabels(name).Set(hour);
        if (dataset.Day[hour] is { } row)
        {
            _judged.WithLabels(name).Set(row.Today);
            foreach (var baseline in BaselineNames.All)
            {
                _judgedBaseline.WithLabels(name, baseline.Name()).Set(row.BaselineValue(baseline));
            }
        }
        else
        {
            RemoveJudged(name);
        }
    }

    private void RemoveAll(CheckoutDataset old)
    {
        var name = old.Name;
        _judgedHour.RemoveLabelled(name);
        RemoveJudged(name);
        _fileModified.RemoveLabelled(name);
        _maxAge.RemoveLabelled(name);
    }

    private void RemoveJudged(string name)
    {
        _judged.RemoveLabelled(name);
        foreach (var baseline in BaselineNames.All)
        {
            _judgedBaseline.RemoveLabelled(name, baseline.Name());
        }
    }
}
