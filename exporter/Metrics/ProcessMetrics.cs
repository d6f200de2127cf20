using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Prometheus;

namespace KpiExporter.Metrics;

/// <summary>
/// The process and runtime series of prometheus-net's <c>DotNetStats</c> (same names, HELP, types and labels)
/// without its cost on the scrape path. <c>DotNetStats</c> refreshes a <see cref="Process"/> before every
/// collection and asks it for the handle and thread counts: about 3 ms a scrape on Linux, where the rest of a
/// ten-dataset scrape takes well under one. Listing <c>/proc/self/fd</c> alone, which is what a handle count
/// is, costs 0.5 to 2 ms. So the figures that the operating system must be asked for (memory sizes, threads,
/// open handles: one read of <c>/proc/self/status</c> and one listing of <c>/proc/self/fd</c>, or
/// <see cref="Process"/> elsewhere than Linux) are sampled on this service's own schedule, every
/// <see cref="SampleInterval"/>, as every source loads on its own; the figures the runtime holds in memory (CPU
/// time, collection counts, heap size) are read at each scrape.
/// </summary>
internal sealed class ProcessMetrics : BackgroundService
{
    /// <summary>How often the operating system's figures are sampled; well under any scrape interval.</summary>
    public static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(5);

    private const string StatusFile = "/proc/self/status";
    private const string HandlesDirectory = "/proc/self/fd";

    private readonly TimeProvider _time;
    private readonly bool _procfs = File.Exists(StatusFile);
    private readonly Counter.Child[] _collections;
    private readonly Counter _cpuSeconds;
    private readonly Gauge _virtualMemory;
    private readonly Gauge _workingSet;
    private readonly Gauge _privateMemory;
    private readonly Gauge _openHandles;
    private readonly Gauge _threads;
    private readonly Gauge _totalMemory;

    public ProcessMetrics(CollectorRegistry registry, TimeProvider time)
    {
        _time = time;
        var metrics = Prometheus.Metrics.WithCustomRegistry(registry);
        var collections = metrics.CreateCounter("dotnet_collection_count_total", "GC collection count", ["generation"]);
        _collections = Enumerable.Range(0, GC.MaxGeneration + 1).Select(g => collections.WithLabels(g.ToString(CultureInfo.InvariantCulture))).ToArray();
        var startTime = metrics.CreateGauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.");
        _cpuSeconds = metrics.CreateCounter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.");
        _virtualMemory = metrics.CreateGauge("process_virtual_memory_bytes", "Virtual memory size in bytes.");
        _workingSet = metrics.CreateGauge("process_working_set_bytes", "Process working set");
        _privateMemory = metrics.CreateGauge("process_private_memory_bytes", "Process private memory size");
        _openHandles = metrics.CreateGauge("process_open_handles", "Number of open handles");
        _threads = metrics.CreateGauge("process_num_threads", "Total number of threads");
        _totalMemory = metrics.CreateGauge("dotnet_total_memory_bytes", "Total known allocated memory");

        using (var process = Process.GetCurrentProcess())
        {
            startTime.Set((process.StartTime.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds);
        }

        Sample();
        registry.AddBeforeCollectCallback(ReadRuntime);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SampleInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Sample();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The operating system's figures: memory sizes, threads and open handles.</summary>
    internal void Sample()
    {
        if (_procfs)
        {
            SampleProcfs();
        }
        else
        {
            SampleProcess();
        }
    }

    private void ReadRuntime()
    {
        for (var generation = 0; generation < _collections.Length; generation++)
        {
            _collections[generation].IncTo(GC.CollectionCount(generation));
        }

        _cpuSeconds.IncTo(Environment.CpuUsage.TotalTime.TotalSeconds);
        _totalMemory.Set(GC.GetTotalMemory(forceFullCollection: false));
    }

    private void SampleProcfs()
    {
        foreach (var line in File.ReadLines(StatusFile))
        {
            // "VmRSS:\t   95908 kB", "Threads:\t17"
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var gauge = colon < 0 ? null : line.AsSpan(0, colon) switch
            {
                "VmSize" => _virtualMemory,
                "VmRSS" => _workingSet,
                "VmData" => _privateMemory,
                "Threads" => _threads,
                _ => null,
            };
            if (gauge is null)
            {
                continue;
            }

            var value = line.AsSpan(colon + 1).Trim();
            var kilobytes = value.EndsWith(" kB", StringComparison.Ordinal);
            if (long.TryParse(kilobytes ? value[..^3] : value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                gauge.Set(kilobytes ? number * 1024.0 : number);
            }
        }

        _openHandles.Set(Directory.EnumerateFileSystemEntries(HandlesDirectory).Count());
    }

    private void SampleProcess()
    {
        using var process = Process.GetCurrentProcess();
        _virtualMemory.Set(process.VirtualMemorySize64);
        _workingSet.Set(process.WorkingSet64);
        _privateMemory.Set(process.PrivateMemorySize64);
        _openHandles.Set(process.HandleCount);
        _threads.Set(process.Threads.Count);
    }
}
