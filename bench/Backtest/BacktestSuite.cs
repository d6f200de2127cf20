using System.Diagnostics;
using System.Globalization;
using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Bench.Backtest;

/// <summary>
/// The offline backtest as a user runs it: the built tool (<c>tools/Backtest</c>) generates a quarter and a single
/// day, then <c>history</c> back-tests each, process start to exit (exporter rendering, promtool backfill,
/// Prometheus on the blocks, the report and chart), interleaved run by run so that load from other processes falls
/// on both alike. Reports the median and the fastest run against the targets (90 days under 10 s, one day under 2 s),
/// and the CPU time the run used (the tool, promtool and Prometheus together: this process's reaped children), which
/// other engineers' builds on a shared machine do not inflate the way they stretch the wall-clock time.
///
///   dotnet run --project bench -c Release -- backtest [--days 90] [--runs 5]
/// </summary>
internal static class BacktestSuite
{
    private static readonly TimeSpan QuarterTarget = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DayTarget = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(string[] args)
    {
        var days = int.Parse(Option(args, "--days", "90"), CultureInfo.InvariantCulture);
        var runs = int.Parse(Option(args, "--runs", "5"), CultureInfo.InvariantCulture);
        var tool = RepoPaths.File("tools", "Backtest", "bin", "Release", "net10.0", "KpiMonitoring.Backtest.dll");
        if (!File.Exists(tool))
        {
            Console.Error.WriteLine($"build the backtest first (make build): {tool} is missing");
            return 1;
        }

        using var work = new TempDirectory("kpi-bench-backtest-");
        var quarter = work.File("quarter");
        var day = work.File("day");
        _ = await RunAsync(tool, ["generate", "--out", quarter, "--days", days.ToString(CultureInfo.InvariantCulture), "--seed", "1"]);
        _ = await RunAsync(tool, ["generate", "--out", day, "--days", "1", "--seed", "1"]);
        Console.WriteLine($"offline backtest: {days} generated days and 1 day, {runs} runs each, process start to exit; {Environment.ProcessorCount} CPUs, load average {LoadAverage()}");

        var quarterTimes = new List<(TimeSpan Wall, TimeSpan Cpu)>();
        var dayTimes = new List<(TimeSpan Wall, TimeSpan Cpu)>();
        for (var run = 0; run < runs; run++)
        {
            quarterTimes.Add(await RunAsync(tool, ["history", quarter]));
            dayTimes.Add(await RunAsync(tool, ["history", day]));
        }

        Report($"{days} days", quarterTimes, QuarterTarget);
        Report("1 day", dayTimes, DayTarget);
        return 0;
    }

    private static void Report(string what, List<(TimeSpan Wall, TimeSpan Cpu)> times, TimeSpan target)
    {
        var sorted = times.OrderBy(t => t.Wall).ToList();
        var median = sorted[sorted.Count / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {what,-8} median {median.Wall.TotalSeconds:0.00} s (CPU {median.Cpu.TotalSeconds:0.00} s), fastest {sorted[0].Wall.TotalSeconds:0.00} s, slowest {sorted[^1].Wall.TotalSeconds:0.00} s  (target < {target.TotalSeconds:0} s: {(median.Wall < target ? "met" : "NOT met")})"));
    }

    private static async Task<(TimeSpan Wall, TimeSpan Cpu)> RunAsync(string tool, string[] args)
    {
        var cpu = ChildrenCpu();
        var watch = Stopwatch.StartNew();
        var result = await Command.RunAsync("dotnet", [tool, .. args], timeout: TimeSpan.FromMinutes(5));
        watch.Stop();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"backtest {string.Join(' ', args)} failed ({result.ExitCode}):\n{result.Output}");
        }

        return (watch.Elapsed, ChildrenCpu() - cpu);
    }

    /// <summary>User + system time of this process's reaped children (cutime + cstime of /proc/self/stat, 100 ticks a second).</summary>
    private static TimeSpan ChildrenCpu()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return TimeSpan.FromSeconds((long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Option(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }
}
