using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Bench.Csv;

/// <summary>
/// The exporter as users run it, against node_exporter's textfile collector serving the same <c>kpi_</c> series,
/// both as real processes on loopback: start to ready, scrape latency (plain and gzip; the two exporters' scrapes
/// interleaved so that a machine's drift hits both alike; medians), wrk's requests per second (1 thread, 4
/// connections) and resident memory, each with the ratio.
/// </summary>
internal static class ProcessFigures
{
    public static async Task<int> RunAsync(int files, int rounds, TimeSpan wrkDuration)
    {
        using var dir = new TempDirectory("kpi-bench-");
        DatasetFiles.Write(dir.Path, files);
        string[] arguments = ["--data-dir", dir.Path, "--Logging:LogLevel:Default=Warning"];

        // Start to ready is one sample per start, and a start is short enough for the machine's moment to move it:
        // four starts stopped at once, then the one that is measured below; the median of the five.
        var starts = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            var sample = Stopwatch.StartNew();
            await using var once = await ExporterProcess.StartAsync(arguments, readyPoll: TimeSpan.FromMilliseconds(5));
            starts.Add(sample.Elapsed.TotalMilliseconds);
        }

        var started = Stopwatch.StartNew();
        await using var exporter = await ExporterProcess.StartAsync(arguments, readyPoll: TimeSpan.FromMilliseconds(5));
        var ready = started.Elapsed;
        starts.Add(ready.TotalMilliseconds);
        // The CPU the start took does not depend on the machine's load, as the wall time does.
        var readyCpu = CpuTime(exporter.ProcessId);
        var metrics = new Uri(exporter.BaseAddress, "/metrics");
        using var http = new HttpClient();
        var text = await http.GetStringAsync(metrics);
        await using var node = await NodeExporterTextfile.StartAsync(text);

        using var ours = new ScrapeClient(metrics, gzip: false);
        using var oursGzip = new ScrapeClient(metrics, gzip: true);
        using var theirs = new ScrapeClient(node.Metrics, gzip: false);
        using var theirsGzip = new ScrapeClient(node.Metrics, gzip: true);
        ScrapeClient[] clients = [ours, oursGzip, theirs, theirsGzip];
        var times = clients.Select(_ => new List<double>()).ToArray();
        var bytes = new long[clients.Length];
        for (var round = -Math.Max(1, rounds / 5); round < rounds; round++)
        {
            for (var c = 0; c < clients.Length; c++)
            {
                var (ms, length) = await clients[c].ScrapeAsync();
                if (round >= 0)
                {
                    times[c].Add(ms);
                    bytes[c] = length;
                }
            }
        }

        // Resident memory at rest after the scrapes, as Prometheus leaves it between scrapes, and again after wrk's burst.
        var oursRssScrapes = ResidentKb(exporter.ProcessId);
        var theirsRssScrapes = ResidentKb(node.ProcessId);

        // Back-to-back scrapes on one connection with wrk, the two exporters alternating: the median of each run.
        var oursWrk = new List<double>();
        var theirsWrk = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            oursWrk.Add(await Wrk.MedianLatencyAsync(metrics, wrkDuration) ?? double.NaN);
            theirsWrk.Add(await Wrk.MedianLatencyAsync(node.Metrics, wrkDuration) ?? double.NaN);
        }

        var oursRps = await Wrk.RequestsPerSecondAsync(metrics, wrkDuration);
        var theirsRps = await Wrk.RequestsPerSecondAsync(node.Metrics, wrkDuration);
        var oursRss = ResidentKb(exporter.ProcessId);
        var theirsRss = ResidentKb(node.ProcessId);

        var series = text.Split('\n').Count(l => l.Length > 0 && !l.StartsWith('#'));
        Console.WriteLine();
        Console.WriteLine(Invariant($"## {files:N0} dataset files: {series:N0} series, {bytes[0] / 1024.0:N0} KiB plain, {bytes[1] / 1024.0:N0} KiB gzip"));
        Console.WriteLine();
        Console.WriteLine(Invariant($"Start to ready (first load of {files:N0} files): median {Median(starts):F0} ms of {starts.Count} starts ({starts.Min():F0} to {starts.Max():F0}), the last {readyCpu.TotalMilliseconds:F0} ms of CPU (user + system). Scrapes: median of {rounds} (worst), interleaved; wrk: median of the runs' medians (worst run)."));
        Console.WriteLine();
        Console.WriteLine("| figure | kpi-exporter | node_exporter textfile | ratio |");
        Console.WriteLine("|---|---:|---:|---:|");
        Row("scrape, plain, ms (.NET HttpClient)", times[0], times[2]);
        Row("scrape, gzip, ms (.NET HttpClient)", times[1], times[3]);
        Row($"scrape, plain, ms (wrk -t1 -c1 --latency, median of 3 runs of {wrkDuration.TotalSeconds:F0} s)", oursWrk, theirsWrk);
        var rpsRatio = theirsRps > 0 ? Invariant($"{oursRps / theirsRps:F1}x") : "(no node_exporter request finished)";
        Console.WriteLine(Invariant($"| wrk -t1 -c4 -d{wrkDuration.TotalSeconds:F0}s, plain, req/s | {oursRps:F1} | {theirsRps:F1} | {rpsRatio} |"));
        Console.WriteLine(Invariant($"| resident memory after the scrapes (VmRSS), MiB | {oursRssScrapes / 1024.0:F1} | {theirsRssScrapes / 1024.0:F1} | {(double)oursRssScrapes / theirsRssScrapes:F2} |"));
        Console.WriteLine(Invariant($"| resident memory after the scrapes and wrk (VmRSS), MiB | {oursRss / 1024.0:F1} | {theirsRss / 1024.0:F1} | {(double)oursRss / theirsRss:F2} |"));
        if (files >= 1000)
        {
            CompressionLevels(text);
        }

        return 0;
    }

    private static void Row(string figure, List<double> ours, List<double> theirs)
    {
        var (a, b) = (Median(ours), Median(theirs));
        Console.WriteLine(Invariant($"| {figure} | {a:F2} ({ours.Max():F1}) | {b:F2} ({theirs.Max():F1}) | {b / a:F1}x faster |"));
    }

    /// <summary>Time and size of gzip at each level on this scrape, in process: the basis for the level /metrics uses.</summary>
    private static void CompressionLevels(string text)
    {
        var plain = Encoding.UTF8.GetBytes(text);
        Console.WriteLine();
        Console.WriteLine("| gzip level (in process, one core) | ms, median of 5 | compressed |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var level in new[] { CompressionLevel.Fastest, CompressionLevel.Optimal, CompressionLevel.SmallestSize })
        {
            var times = new List<double>();
            long size = 0;
            for (var i = 0; i < 5; i++)
            {
                using var output = new MemoryStream();
                var sw = Stopwatch.StartNew();
                using (var gzip = new GZipStream(output, level, leaveOpen: true))
                {
                    gzip.Write(plain);
                }

                times.Add(sw.Elapsed.TotalMilliseconds);
                size = output.Length;
            }

            Console.WriteLine(Invariant($"| {level} | {Median(times):F1} | {size / 1024.0 / 1024.0:F2} MiB ({100.0 * size / plain.Length:F1} %) |"));
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>User plus system CPU time of a process so far (<c>/proc/PID/stat</c> fields 14 and 15, in clock ticks of 10 ms).</summary>
    private static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    private static long ResidentKb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
