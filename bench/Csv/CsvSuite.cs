using BenchmarkDotNet.Running;

namespace KpiMonitoring.Bench.Csv;

/// <summary>
/// The checkout CSV suite: BenchmarkDotNet for in-process render and reload at 1,000 files, then the real exporter
/// process against node_exporter's textfile collector at 10 and 1,000 dataset files. <c>--quick</c> skips
/// BenchmarkDotNet and shortens the process runs.
/// </summary>
internal static class CsvSuite
{
    public const int Files = 1000;

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        if (!quick)
        {
            BenchmarkRunner.Run<ExporterBenchmarks>(args: args.Where(a => a != "--quick").ToArray());
        }

        var wrk = TimeSpan.FromSeconds(quick ? 3 : 5);
        var status = await ProcessFigures.RunAsync(10, rounds: quick ? 100 : 300, wrk);
        return status != 0 ? status : await ProcessFigures.RunAsync(Files, rounds: quick ? 10 : 30, wrk);
    }
}
