namespace KpiMonitoring.LocalServers;

/// <summary>
/// Alertmanagers clustered over loopback: each gossips on a port of its own and names every other member as a peer,
/// so that they share one notification log and one set of silences and notify once between them. Prometheus sends
/// to every member (<see cref="Targets"/>). Started with the same configuration file; stopped and deleted on dispose.
/// </summary>
public sealed class AlertmanagerCluster : IAsyncDisposable
{
    private AlertmanagerCluster(IReadOnlyList<AlertmanagerServer> members)
    {
        Members = members;
    }

    public IReadOnlyList<AlertmanagerServer> Members { get; }

    /// <summary>host:port of every member's API, for Prometheus' alerting targets.</summary>
    public IReadOnlyList<string> Targets => [.. Members.Select(member => member.Target)];

    /// <summary>Starts <paramref name="size"/> members and waits until every one of them sees all of them.</summary>
    public static async Task<AlertmanagerCluster> StartAsync(string configFile, int size, AlertmanagerGossip gossip, string logLevel = "info")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        var ports = new HashSet<int>();
        while (ports.Count < size)
        {
            ports.Add(FreePort.Next());
        }

        var clustering = ports.Select(port => new AlertmanagerClustering(port, [], gossip)).ToList();
        var members = new List<AlertmanagerServer>();
        try
        {
            foreach (var member in clustering)
            {
                var peers = clustering.Where(other => other != member).Select(other => other.Address).ToList();
                members.Add(await AlertmanagerServer.StartAsync(configFile, logLevel: logLevel, cluster: member with { Peers = peers }));
            }

            var cluster = new AlertmanagerCluster(members);
            await cluster.WaitFormedAsync(TimeSpan.FromSeconds(30));
            return cluster;
        }
        catch
        {
            foreach (var member in members)
            {
                await member.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Waits until every running member sees every running member and has settled.</summary>
    public async Task WaitFormedAsync(TimeSpan timeout)
    {
        var running = Members.Where(member => member.IsRunning).ToList();
        var deadline = DateTime.UtcNow + timeout;
        var statuses = new List<AlertmanagerClusterStatus>();
        while (DateTime.UtcNow < deadline)
        {
            statuses = [];
            foreach (var member in running)
            {
                statuses.Add(await member.ClusterStatusAsync());
            }

            if (statuses.All(status => status.Status == "ready" && status.Members.Count == running.Count))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException(
            $"the Alertmanager cluster did not form within {timeout}: {string.Join("; ", statuses)}{Environment.NewLine}"
            + string.Join(Environment.NewLine, running.Select(member => member.Output)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in Members)
        {
            await member.DisposeAsync();
        }
    }
}
