namespace KpiMonitoring.Backtest.Tests.Support;

/// <summary>
/// Raw samples as Prometheus would store them for a made-up replay: scrapes of the judged hour, rule
/// evaluations (recorded count, expected, z) and firing alerts, each at a chosen millisecond.
/// </summary>
internal sealed class SyntheticRun
{
    /// <summary>Scrape (and evaluation) interval of the synthetic runs.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly List<SampleSeries> _judgedHour = [];
    private readonly List<SampleSeries> _today = [];
    private readonly List<SampleSeries> _expected = [];
    private readonly List<SampleSeries> _zscore = [];
    private readonly List<SampleSeries> _alerts = [];

    /// <summary>
    /// A whole day of <paramref name="dataset"/>: hour h is served from h x 2000 ms, scraped every 250 ms from
    /// there, and evaluated 100 ms after each scrape with today = h, expected = h + 0.5, z = -h.
    /// </summary>
    public static SyntheticRun Day(string dataset, int hours = 24) => new SyntheticRun().AddDay(dataset, hours);

    public SyntheticRun AddDay(string dataset, int hours = 24)
    {
        for (var hour = 0; hour < hours; hour++)
        {
            for (var t = hour * 2000L; t < (hour + 1) * 2000L; t += 250)
            {
                Scrape(dataset, t, hour);
                Evaluate(dataset, t + 100, hour, hour + 0.5, -hour);
            }
        }

        return this;
    }

    public SyntheticRun Scrape(string dataset, long time, int hour)
    {
        Add(_judgedHour, "kpi_checkout_judged_hour", dataset, time, hour);
        return this;
    }

    public SyntheticRun Evaluate(string dataset, long time, double today, double expected, double z)
    {
        Add(_today, "dataset:checkout_transactions:count", dataset, time, today);
        Add(_expected, "dataset:checkout_transactions:expected", dataset, time, expected);
        Add(_zscore, "dataset:checkout_transactions:zscore", dataset, time, z);
        return this;
    }

    /// <summary>A firing alert sample; a null dataset makes an alert without that label (Watchdog).</summary>
    public SyntheticRun Alert(string? dataset, string alertname, string severity, params long[] times)
    {
        var labels = new Dictionary<string, string>
        {
            ["__name__"] = "ALERTS",
            ["alertname"] = alertname,
            ["alertstate"] = "firing",
            ["severity"] = severity,
        };
        if (dataset is not null)
        {
            labels["dataset"] = dataset;
        }

        _alerts.Add(new SampleSeries(labels, times.Select(t => new Sample(t, 1)).ToList()));
        return this;
    }

    public RuleSamples Samples() => new(_judgedHour, _today, _expected, _zscore, _alerts);

    private static void Add(List<SampleSeries> series, string name, string dataset, long time, double value)
    {
        var existing = series.FindIndex(s => s.Label("dataset") == dataset);
        if (existing < 0)
        {
            series.Add(new SampleSeries(new Dictionary<string, string> { ["__name__"] = name, ["dataset"] = dataset }, [new Sample(time, value)]));
            return;
        }

        series[existing] = series[existing] with { Samples = [.. series[existing].Samples, new Sample(time, value)] };
    }
}
