using System.Globalization;
using System.Text;
using KpiExporter.Configuration;
using KpiExporter.Exposition;
using KpiExporter.Judging;
using KpiExporter.Sources;
using KpiExporter.Sources.Checkout;
using KpiExporter.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KpiExporter.Tests.Sources.Checkout;

/// <summary>
/// An export refreshed within the hour, from the file through the loader to the checkout series, on a fake clock:
/// the partial hour, the time it covers until and the last time the day's count rose.
/// </summary>
public sealed class PartialHourSeriesTests : IDisposable
{
    private const string Header = "time,today,yesterday,same_day_last_week,avg_last_week,avg_last_month";
    private static readonly DateTimeOffset Hour15 = new(2026, 11, 25, 15, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly CheckoutDatasetStore _store = new();
    private readonly FakeTimeProvider _time = new(Hour15);
    private readonly CheckoutFileLoader _loader;
    private readonly string _path;

    public PartialHourSeriesTests()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var health = new SourceHealthRegistry(Prometheus.Metrics.WithCustomRegistry(registry), _time);
        _loader = new CheckoutFileLoader(_store, health, _time, Options.Create(Live), _logs.CreateLogger<CheckoutFileLoader>());
        _path = Path.Combine(_dir.Path, "shop.csv");
    }

    private CheckoutOptions Live => new() { DataDir = _dir.Path, Mode = CheckoutMode.Live, SilenceThreshold = 12, MinExpectedPerHour = 36 };

    public void Dispose() => _dir.Dispose();

    /// <summary>The export as written at <paramref name="at"/>: full hours 00..(last-1) of 30 checkouts, the last row <paramref name="lastCount"/>.</summary>
    private void Export(int last, double lastCount, DateTimeOffset at)
    {
        var rows = Enumerable.Range(0, last + 1).Select(h => $"{h:00}h,{(h == last ? lastCount : 30)},28,30,32,60\n");
        File.WriteAllText(_path, Header + "\n" + string.Concat(rows));
        File.SetLastWriteTimeUtc(_path, at.UtcDateTime);
        _time.SetUtcNow(at.AddSeconds(1));
        _loader.Refresh(_path);
    }

    private async Task<string> ScrapeAsync(CheckoutOptions options)
    {
        var series = new CheckoutSeries(_store, new JudgedHourClock(_time, Options.Create(options)), _time, Options.Create(options));
        using var stream = new MemoryStream();
        var writer = new ExpositionWriter(stream);
        await series.WriteAsync(writer, CancellationToken.None);
        await writer.FlushAsync(CancellationToken.None);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Seconds(DateTimeOffset instant) => instant.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Refreshed_export_exports_the_partial_hour_its_covered_time_and_the_last_increase()
    {
        Export(15, 7, Hour15.AddMinutes(20));
        Export(15, 7, Hour15.AddMinutes(21));

        var text = await ScrapeAsync(Live);

        text.ShouldContain("kpi_checkout_partial_hour_transactions{dataset=\"shop\"} 7\n");
        text.ShouldContain("kpi_checkout_partial_hour_baseline_transactions{dataset=\"shop\",baseline=\"avg_last_month\"} 60\n");
        text.ShouldContain($"kpi_checkout_partial_hour_start_timestamp_seconds{{dataset=\"shop\"}} {Seconds(Hour15)}\n");
        text.ShouldContain($"kpi_checkout_partial_hour_covered_until_timestamp_seconds{{dataset=\"shop\"}} {Seconds(Hour15.AddMinutes(21))}\n");
        text.ShouldContain($"kpi_checkout_last_increase_timestamp_seconds{{dataset=\"shop\"}} {Seconds(Hour15.AddMinutes(20))}\n");
    }

    [Fact]
    public async Task Count_that_rises_moves_the_last_increase_to_the_refresh_that_showed_it()
    {
        Export(15, 7, Hour15.AddMinutes(20));
        Export(15, 7, Hour15.AddMinutes(21));
        Export(15, 8, Hour15.AddMinutes(22));
        Export(15, 8, Hour15.AddMinutes(23));

        var text = await ScrapeAsync(Live);

        text.ShouldContain($"kpi_checkout_last_increase_timestamp_seconds{{dataset=\"shop\"}} {Seconds(Hour15.AddMinutes(22))}\n");
        text.ShouldContain($"kpi_checkout_partial_hour_covered_until_timestamp_seconds{{dataset=\"shop\"}} {Seconds(Hour15.AddMinutes(23))}\n");
    }

    [Fact]
    public async Task Rejected_refresh_keeps_the_last_good_partial_hour()
    {
        Export(15, 7, Hour15.AddMinutes(20));
        File.WriteAllText(_path, Header + "\n00h,x,1,1,1,1\n");
        _loader.Refresh(_path);

        var text = await ScrapeAsync(Live);

        text.ShouldContain($"kpi_checkout_partial_hour_covered_until_timestamp_seconds{{dataset=\"shop\"}} {Seconds(Hour15.AddMinutes(20))}\n");
        text.ShouldContain("kpi_checkout_partial_hour_transactions{dataset=\"shop\"} 7\n");
    }

    [Fact]
    public async Task Configured_k_and_rate_gate_are_exported_per_dataset_in_live_mode()
    {
        Export(14, 30, Hour15.AddMinutes(5));

        var text = await ScrapeAsync(Live);

        text.ShouldContain("kpi_checkout_silence_threshold_transactions{dataset=\"shop\"} 12\n");
        text.ShouldContain("kpi_checkout_min_expected_rate_per_second{dataset=\"shop\"} 0.01\n");
    }

    [Fact]
    public async Task Strictly_hourly_export_has_no_partial_hour_series()
    {
        // Written at 15:05 with rows up to 14h, the last completed hour.
        Export(14, 30, Hour15.AddMinutes(5));

        var text = await ScrapeAsync(Live);

        text.ShouldNotContain("kpi_checkout_partial_hour_transactions{");
        text.ShouldNotContain("kpi_checkout_last_increase_timestamp_seconds{");
        text.ShouldContain("kpi_checkout_judged_hour_transactions{dataset=\"shop\"} 30\n");
    }

    [Fact]
    public async Task Replay_mode_exports_none_of_the_silence_series()
    {
        Export(15, 7, Hour15.AddMinutes(20));

        var text = await ScrapeAsync(new CheckoutOptions { DataDir = _dir.Path, Mode = CheckoutMode.Replay });

        text.ShouldNotContain("kpi_checkout_partial_hour");
        text.ShouldNotContain("kpi_checkout_last_increase");
        text.ShouldNotContain("kpi_checkout_silence_threshold");
    }
}
