using System.Diagnostics;
using System.Globalization;
using KpiExporter.Metrics;
using KpiExporter.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace KpiExporter.Tests.Metrics;

public sealed class ProcessMetricsTests
{
    [Fact]
    public async Task Series_have_the_names_help_types_and_labels_of_prometheus_net_DotNetStats()
    {
        var reference = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(reference);
        var ours = Prometheus.Metrics.NewCustomRegistry();
        using var metrics = new ProcessMetrics(ours, new FakeTimeProvider());

        (await Shape(ours)).ShouldBe(await Shape(reference));
    }

    [Fact]
    public async Task Values_agree_with_the_operating_system()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        using var metrics = new ProcessMetrics(registry, new FakeTimeProvider());
        using var process = Process.GetCurrentProcess();

        var text = await Collect(registry);

        MetricText.Value(text, "process_start_time_seconds").ShouldNotBeNull()
            .ShouldBe((process.StartTime.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds, 0.01);
        MetricText.Value(text, "process_working_set_bytes").ShouldNotBeNull().ShouldBeInRange(process.WorkingSet64 / 2.0, process.WorkingSet64 * 2.0);
        MetricText.Value(text, "process_virtual_memory_bytes").ShouldNotBeNull().ShouldBeGreaterThan(process.WorkingSet64);
        MetricText.Value(text, "process_private_memory_bytes").ShouldNotBeNull().ShouldBeGreaterThan(0);
        MetricText.Value(text, "process_num_threads").ShouldNotBeNull().ShouldBeGreaterThan(1);
        MetricText.Value(text, "process_cpu_seconds_total").ShouldNotBeNull().ShouldBeGreaterThan(0);
        MetricText.Value(text, "dotnet_total_memory_bytes").ShouldNotBeNull().ShouldBeGreaterThan(0);
        MetricText.Value(text, "dotnet_collection_count_total{generation=\"0\"}").ShouldNotBeNull().ShouldBe(GC.CollectionCount(0), tolerance: 5);
    }

    [Fact]
    public async Task Open_handles_follow_the_process_at_the_next_sample()
    {
        using var dir = new TempDirectory();
        var registry = Prometheus.Metrics.NewCustomRegistry();
        using var metrics = new ProcessMetrics(registry, new FakeTimeProvider());
        var before = MetricText.Value(await Collect(registry), "process_open_handles").ShouldNotBeNull();

        var files = Enumerable.Range(0, 200).Select(i => File.Create(dir.File(i.ToString(CultureInfo.InvariantCulture)))).ToList();
        try
        {
            MetricText.Value(await Collect(registry), "process_open_handles").ShouldBe(before, "between samples the figure stays");
            metrics.Sample();
            MetricText.Value(await Collect(registry), "process_open_handles").ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(before + 150, "other tests of this process open and close handles too");
        }
        finally
        {
            files.ForEach(f => f.Dispose());
        }
    }

    private static async Task<string> Collect(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Every line with the sample values taken off: HELP, TYPE, names and labels.</summary>
    private static async Task<string> Shape(CollectorRegistry registry) =>
        string.Join('\n', (await Collect(registry)).Split('\n').Select(l => l.StartsWith('#') ? l : l.Split(' ')[0]));
}
