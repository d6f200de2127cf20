using System.Text.Json;

namespace KpiMonitoring.LocalServers;

/// <summary>
/// An Alertmanager's view of its cluster (<c>GET /api/v2/status</c>): its own name, whether gossip has settled
/// ("ready" or "settling"), and the names of the members it sees, itself included.
/// </summary>
public sealed record AlertmanagerClusterStatus(string Name, string Status, IReadOnlyList<string> Members)
{
    /// <summary>
    /// This member's place in the cluster, as Alertmanager computes it: its index among the member names in byte
    /// order. Position 0 notifies first; position n waits n peer timeouts and sends only what no member before it did.
    /// </summary>
    public int Position => Members.Order(StringComparer.Ordinal).ToList().IndexOf(Name);

    public static AlertmanagerClusterStatus Parse(JsonElement cluster) =>
        new(
            cluster.GetProperty("name").GetString() ?? string.Empty,
            cluster.GetProperty("status").GetString() ?? string.Empty,
            cluster.TryGetProperty("peers", out var peers) && peers.ValueKind == JsonValueKind.Array
                ? [.. peers.EnumerateArray().Select(peer => peer.GetProperty("name").GetString() ?? string.Empty)]
                : []);

    public override string ToString() => $"{Name} ({Status}, position {Position} of {Members.Count})";
}
