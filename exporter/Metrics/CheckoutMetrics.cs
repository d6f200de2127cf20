using KpiExporter.Configuration;
using KpiExporter.Judging;
using KpiExporter.Sources.Checkout;
using Microsoft.Extensions.Options;
using Prometheus;

namespace KpiExporter.Metrics;

/// <summary>
/// Turns the stored datasets into gauges. Per-hour series change only when a file is (re)loaded; the judged-hour
/// series are set from memory just before each scrape, so they follow the clock without touching any file.
/// </summary>
internal sealed class CheckoutMetrics
{
    private readonly CheckoutDatasetStore _store;
    private readonly JudgedHourClock _clock;
    private readonly bool _exportMaxAge;
    private readonly double _maxAgeSeconds;
    private readonly Gauge _hour;
    private readonly Gauge _hourBaseline;
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
        _hour = metrics.CreateGauge("kpi_checkout_hour_transactions", "Today's checkout transactions in each hour of the dataset.", ["dataset", "hour"]);
        _hourBaseline = metrics.CreateGauge("kpi_checkout_hour_baseline_transactions", "Baseline checkout transactions for each hour: yesterday, the same day last week, or last week's or last month's average.", ["dataset", "hour", "baseline"]);
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
            foreach (var row in current.Day.Hours)
            {
                var hour = row.HourLabel;
                _hour.WithLabels(name, hour).Set(row.Today);
                foreach (var baseline in BaselineNames.All)
                {
                    _hourBaseline.WithLabels(name, hour, baseline.Name()).Set(row.BaselineValue(baseline));
                }
            }

            if (old is not null)
            {
                foreach (var gone in old.Day.Hours.Where(h => current.Day[h.Hour] is null))
                {
                    RemoveHour(name, gone.HourLabel);
                }
            }

            _fileModified.WithLabels(name).Set(current.FileModified.ToUnixTimeMilliseconds() / 1000.0);
            if (_exportMaxAge)
            {
                _maxAge.WithLabels(name).Set(_maxAgeSeconds);
            }
        }

        UpdateJudgedHour();
    }

    private void UpdateJudgedHour()
    {
        var hour = _clock.JudgedHour();
        lock (_gate)
        {
            foreach (var dataset in _store.All)
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
        }
    }

    private void RemoveAll(CheckoutDataset old)
    {
        var name = old.Name;
        foreach (var row in old.Day.Hours)
        {
            RemoveHour(name, row.HourLabel);
        }

        _judgedHour.RemoveLabelled(name);
        RemoveJudged(name);
        _fileModified.RemoveLabelled(name);
        _maxAge.RemoveLabelled(name);
    }

    private void RemoveHour(string name, string hour)
    {
        _hour.RemoveLabelled(name, hour);
        foreach (var baseline in BaselineNames.All)
        {
            _hourBaseline.RemoveLabelled(name, hour, baseline.Name());
        }
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
