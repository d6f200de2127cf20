using System.Diagnostics;
using System.Globalization;
using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Bench.Csv;

/// <summary>
/// The exporter as users run it: the real binary on 1,000 files, scraped over HTTP. Reports the start-up load
/// time, scrape latency (median and worst of 30) and the process's resident memory (current and peak).
/// </summary>
internal static class ProcessFigures
{
    public static async Task<int> RunAsync(int files)
    {
        var dir = DatasetFiles.Create(files);
        try
        {
            var port = FreePort.Next();
            var dll = Path.Combine(AppContext.BaseDirectory, "kpi-exporter.dll");
            var started = Stopwatch.StartNew();
            await using var exporter = ManagedProcess.Start("dotnet", [dll, "--data-dir", dir, "--urls", $"http://127.0.0.1:{port}", "--Logging:LogLevel:Default=Warning"]);
            await exporter.WaitForHttpAsync(new Uri($"http://127.0.0.1:{port}/readyz"), TimeSpan.FromSeconds(60));
            var ready = started.Elapsed;

            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var times = new List<double>();
            long bytes = 0;
            long series = 0;
            for (var i = 0; i < 35; i++)
            {
                var sw = Stopwatch.StartNew();
                var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
                sw.Stop();
                if (i >= 5)
                {
                    times.Add(sw.Elapsed.TotalMilliseconds);
                }

                bytes = text.Length;
                series = text.AsSpan().Count('\n') - text.Split('\n').Count(l => l.StartsWith('#'));
            }

            times.Sort();
            var (rss, peak) = Memory(exporter.Id);
            Console.WriteLine();
            Console.WriteLine($"## Exporter process, {files} dataset files");
            Console.WriteLine();
            Console.WriteLine("| figure | value | target |");
            Console.WriteLine("|---|---|---|");
            Console.WriteLine(Invariant($"| series per scrape | {series:N0} ({bytes / 1024.0 / 1024.0:F1} MiB of text) | about 120k |"));
            Console.WriteLine(Invariant($"| start to ready (first full load) | {ready.TotalMilliseconds:F0} ms | |"));
            Console.WriteLine(Invariant($"| scrape over HTTP, median of 30 | {times[times.Count / 2]:F1} ms | < 100 ms |"));
            Console.WriteLine(Invariant($"| scrape over HTTP, worst of 30 | {times[^1]:F1} ms | |"));
            Console.WriteLine(Invariant($"| resident memory after the scrapes (VmRSS) | {rss / 1024.0:F0} MiB | < 150 MB |"));
            Console.WriteLine(Invariant($"| peak resident memory (VmHWM) | {peak / 1024.0:F0} MiB | |"));
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (long RssKb, long PeakKb) Memory(int pid)
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        return (rss, peak);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
