using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Bench;

/// <summary>
/// A yardstick exporter that the bench starts itself on a loopback port (node_exporter's textfile collector,
/// prometheus-sql-exporter): its process, the temporary files it reads, its /metrics. Disposing stops the process
/// and removes the files.
/// </summary>
internal sealed class PeerExporter : IAsyncDisposable
{
    private readonly ManagedProcess _process;
    private readonly TempDirectory _dir;

    public PeerExporter(ManagedProcess process, TempDirectory dir, Uri metrics)
    {
        _process = process;
        _dir = dir;
        Metrics = metrics;
    }

    public Uri Metrics { get; }

    public int ProcessId => _process.Id;

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _dir.Dispose();
    }
}
