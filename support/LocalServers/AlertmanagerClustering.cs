using System.Globalization;

namespace KpiMonitoring.LocalServers;

/// <summary>
/// One member's part of an Alertmanager cluster: the loopback port it gossips on (TCP and UDP) and the members it
/// joins at start. The ports are chosen before any member starts, so that each can name the others.
/// </summary>
public sealed record AlertmanagerClustering(int Port, IReadOnlyList<string> Peers, AlertmanagerGossip Gossip)
{
    /// <summary>host:port this member gossips on.</summary>
    public string Address => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    internal IEnumerable<string> Arguments() =>
    [
        "--cluster.listen-address=" + Address,
        .. Peers.Select(peer => "--cluster.peer=" + peer),
        .. Gossip.Arguments(),
    ];
}
