using System.Globalization;
using KpiExporter;
using KpiExporter.Exposition;
using KpiExporter.Http;
using KpiExporter.Sources;
using KpiExporter.Sources.Checkout;
using KpiExporter.Startup;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace KpiMonitoring.Backtest.History;

/// <summary>
/// The real exporter, in process and never listening: built by <see cref="ExporterApp"/> from the same command
/// line as the live replay (<c>--mode Replay</c>, plus the extra exporter arguments), with a
/// <see cref="SteppedClock"/> in place of the wall clock. Each day's files are loaded by the exporter's own
/// loader (a file it rejects is reported with its line), and each hour's exposition is what <c>/metrics</c>
/// would serve at that hour: the exporter's replay clock judges the hour, its sources render the series.
/// </summary>
internal sealed class ExporterRendering : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SteppedClock _clock;
    private readonly HistoryTimeline _timeline;
    private readonly DirectoryInfo _stage;
    private readonly CheckoutFileLoader _loader;
    private readonly CheckoutDatasetStore _store;
    private readonly SourceHealthRegistry _health;
    private readonly CollectorRegistry _registry;
    private readonly MetricsSources _sources;

    private ExporterRendering(WebApplication app, SteppedClock clock, DirectoryInfo stage, HistoryTimeline timeline)
    {
        _timeline = timeline;
        _app = app;
        _clock = clock;
        _stage = stage;
        _loader = app.Services.GetRequiredService<CheckoutFileLoader>();
        _store = app.Services.GetRequiredService<CheckoutDatasetStore>();
        _health = app.Services.GetRequiredService<SourceHealthRegistry>();
        _registry = app.Services.GetRequiredService<CollectorRegistry>();
        // Resolved now, at the first day's midnight: the replay clock counts from here, 3,600 s per hour.
        _sources = app.Services.GetRequiredService<MetricsSources>();
    }

    /// <summary>
    /// The exporter replaying from hour 00 of the timeline's first date at the timeline's seconds per hour, on
    /// the stepped clock. <paramref name="exporterArguments"/> come after the backtest's own (a configuration file,
    /// a time zone); a bad one is a <see cref="BacktestException"/> with the exporter's message.
    /// </summary>
    public static ExporterRendering Start(HistoryTimeline timeline, IReadOnlyList<string> exporterArguments)
    {
        var clock = new SteppedClock(timeline.Origin);
        var stage = Directory.CreateTempSubdirectory("kpi-backtest-day-");
        try
        {
            string[] args = ["--data-dir", stage.FullName, "--mode", "Replay", "--seconds-per-hour", timeline.SecondsPerHour.ToString(CultureInfo.InvariantCulture), "--start-hour", "0", .. exporterArguments];
            var app = ExporterApp.Build(args, builder =>
            {
                // Rejections are read from the exporter's source health and reported by the backtest; stdout stays clean.
                builder.Logging.ClearProviders();
                builder.Services.AddSingleton<TimeProvider>(clock);
            });
            StartupConfiguration.Validate(app.Services);
            return new ExporterRendering(app, clock, stage, timeline);
        }
        catch (ConfigurationException ex)
        {
            stage.Delete(recursive: true);
            throw new BacktestException($"the exporter refuses its configuration: {string.Join("; ", ex.Failures)}", ex);
        }
    }

    /// <summary>
    /// Loads one date's files (one per dataset) with the exporter's loader, renders the exposition of each hour
    /// 00..23 into <paramref name="hourly"/>, and forgets the files again. A file the exporter rejects is not
    /// rendered; its reason (with the line) is returned.
    /// </summary>
    public async Task<IReadOnlyList<RejectedDay>> RenderDayAsync(IReadOnlyList<DayFile> files, Func<DateTimeOffset, byte[], ValueTask> hourly, CancellationToken cancellationToken)
    {
        var date = files[0].Date;
        _clock.Set(_timeline.At(date, 0));
        var staged = new List<string>();
        var rejected = new List<RejectedDay>();
        try
        {
            foreach (var file in files)
            {
                var path = Path.Combine(_stage.FullName, file.Dataset + Path.GetExtension(file.Path).ToLowerInvariant());
                File.Copy(file.Path, path, overwrite: true);
                staged.Add(path);
                _loader.Refresh(path);
                if (_store.Get(file.Dataset) is null)
                {
                    var error = _health.Get(CheckoutFileLoader.Kind, file.Dataset)?.LastError ?? "rejected by the exporter";
                    rejected.Add(new RejectedDay(file, error));
                    Forget(path);
                    staged.Remove(path);
                }
            }

            if (staged.Count == 0)
            {
                return rejected;
            }

            // /metrics is the registry followed by the sources (MetricsEndpoint.WriteAsync). The registry (source
            // health, build info) changes only when a file is loaded, so it is collected once per day; its runtime
            // collectors read this process on every collect, which at 24 collects a day was most of the run.
            using var registry = new MemoryStream();
            await _registry.CollectAndExportAsTextAsync(registry, ExpositionFormat.PrometheusText, cancellationToken);
            using var buffer = new MemoryStream();
            for (var hour = 0; hour < 24; hour++)
            {
                var at = _timeline.At(date, hour);
                _clock.Set(at);
                buffer.SetLength(0);
                registry.WriteTo(buffer);
                var writer = new ExpositionWriter(buffer);
                foreach (var source in _sources.All)
                {
                    await source.WriteAsync(writer, cancellationToken);
                }

                await writer.FlushAsync(cancellationToken);
                await hourly(at, buffer.ToArray());
            }

            return rejected;
        }
        finally
        {
            foreach (var path in staged)
            {
                Forget(path);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _stage.Delete(recursive: true);
    }

    /// <summary>The exporter forgets a dataset whose file is gone: the next day starts clean (no truncation rule across days).</summary>
    private void Forget(string path)
    {
        File.Delete(path);
        _loader.Refresh(path);
    }
}

/// <summary>A day file the exporter rejected: the file and the exporter's reason (with the line when it has one).</summary>
internal sealed record RejectedDay(DayFile File, string Reason);
