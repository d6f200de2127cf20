using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Bench.Csv;

/// <summary>
/// The yardstick: Debian's <c>prometheus-node-exporter</c> with only its textfile collector, serving a .prom file
/// that holds the same <c>kpi_</c> series as our exporter's scrape, on a free loopback port.
/// </summary>
internal static class NodeExporterTextfile
{
    public const string Binary = "prometheus-node-exporter";

    /// <summary>Starts node_exporter on the <c>kpi_</c> families of <paramref name="scrape"/> (our exporter's text).</summary>
    public static async Task<PeerExporter> StartAsync(string scrape)
    {
        var dir = new TempDirectory("kpi-bench-textfile-");
        var families = string.Join('\n', scrape.Split('\n').Where(IsKpiLine)) + "\n";
        await File.WriteAllTextAsync(dir.File("kpi.prom"), families);
        var port = FreePort.Next();
        var process = ManagedProcess.Start(Binary,
        [
            "--collector.disable-defaults",
            "--collector.textfile",
            $"--collector.textfile.directory={dir.Path}",
            $"--web.listen-address=127.0.0.1:{port}",
            "--log.level=warn",
        ], name: "node-exporter");
        var node = new PeerExporter(process, dir, new Uri($"http://127.0.0.1:{port}/metrics"));
        // Its landing page: a first scrape of 120,000 series can outlast the readiness probe's request timeout.
        await process.WaitForHttpAsync(new Uri($"http://127.0.0.1:{port}/"), TimeSpan.FromSeconds(30));
        return node;
    }

    private static bool IsKpiLine(string line) =>
        line.StartsWith("kpi_", StringComparison.Ordinal)
        || line.StartsWith("# HELP kpi_", StringComparison.Ordinal)
        || line.StartsWith("# TYPE kpi_", StringComparison.Ordinal);
}
