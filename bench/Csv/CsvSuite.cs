using BenchmarkDotNet.Running;

namespace KpiMonitoring.Bench.Csv;

/// <summary>
/// The checkout CSV suite: BenchmarkDotNet for in-process render and reload, then the real exporter process
/// for HTTP scrape latency and resident memory. <c>--quick</c> skips BenchmarkDotNet.
/// </summary>
internal static class CsvSuite
{
    public const int Files = 1000;

    public static async Task<int> RunAsync(string[] args)
    {
        if (!args.Contains("--quick"))
        {
            BenchmarkRunner.Run<ExporterBenchmarks>(args: args.Where(a => a != "--quick").ToArray());
        }

        return await ProcessFigures.RunAsync(Files);
    }
}
