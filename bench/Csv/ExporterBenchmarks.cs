using BenchmarkDotNet.Attributes;
using KpiExporter.Configuration;
using KpiExporter.Http;
using KpiExporter.Judging;
using KpiExporter.Sources;
using KpiExporter.Sources.Checkout;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Prometheus;

namespace KpiMonitoring.Bench.Csv;

/// <summary>
/// In-process figures for 1,000 dataset files (24 hours x (1 + 4 baselines) = 120,000 per-hour series, plus the
/// judged-hour and health series): rendering /metrics, and a full reload that re-reads every file.
/// </summary>
[MemoryDiagnoser]
[InProcess]
[WarmupCount(2)]
[IterationCount(10)]
public class ExporterBenchmarks
{
    private string _dir = string.Empty;
    private CollectorRegistry _registry = null!;
    private CheckoutDatasetStore _store = null!;
    private SourceHealthRegistry _health = null!;
    private IOptions<CheckoutOptions> _options = null!;
    private IMetricsSource[] _sources = [];

    [Params(1000)]
    public int Files { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = DatasetFiles.Create(Files);
        _registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(_registry);
        _options = Options.Create(new CheckoutOptions { DataDir = _dir });
        _store = new CheckoutDatasetStore();
        _health = new SourceHealthRegistry(factory, TimeProvider.System);
        _sources = [new CheckoutSeries(_store, new JudgedHourClock(TimeProvider.System, _options), TimeProvider.System, _options)];
        NewLoader().Scan(_dir);
        if (_store.All.Count != Files)
        {
            throw new InvalidOperationException($"loaded {_store.All.Count} of {Files} files");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark(Description = "render /metrics (text format)")]
    public async Task<long> RenderMetrics()
    {
        await using var stream = new CountingStream();
        await MetricsEndpoint.WriteAsync(stream, _registry, _sources, CancellationToken.None);
        return stream.Length;
    }

    [Benchmark(Description = "full reload of every file")]
    public int FullReload()
    {
        NewLoader().Scan(_dir);
        return _store.All.Count;
    }

    private CheckoutFileLoader NewLoader() =>
        new(_store, _health, TimeProvider.System, _options, NullLogger<CheckoutFileLoader>.Instance);
}
