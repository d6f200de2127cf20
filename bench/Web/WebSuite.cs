using BenchmarkDotNet.Running;

namespace KpiMonitoring.Bench.Web;

/// <summary>The web configuration suite: the cost of basic auth per request, with and without the verification cache.</summary>
internal static class WebSuite
{
    public static Task<int> RunAsync(string[] args)
    {
        BenchmarkRunner.Run<BasicAuthBenchmarks>(args: args);
        return Task.FromResult(0);
    }
}
