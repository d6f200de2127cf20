using System.Globalization;

namespace KpiMonitoring.LocalServers;

/// <summary>
/// The timings of an Alertmanager cluster's gossip (the <c>--cluster.*</c> flags). Production keeps Alertmanager's
/// defaults (<see cref="Defaults"/>); the tests shorten them (<see cref="Fast"/>) so that a cluster forms, settles and
/// takes over from a dead member in seconds. What each one decides: docs/architecture.md, "High availability".
/// </summary>
/// <param name="PeerTimeout">
/// How long the member at position n of the cluster waits (n times this) before it sends a notification, so that
/// the member before it can send and gossip the entry that says so: longer than one send plus one gossip.
/// </param>
/// <param name="GossipInterval">How often a member gossips what changed (notification log entries, silences).</param>
/// <param name="PushPullInterval">How often a member exchanges its whole state with one other.</param>
/// <param name="SettleTimeout">The longest a starting member waits for the member count to settle before it notifies.</param>
/// <param name="ReconnectInterval">How often a member tries again to reach a peer that left or was never reached.</param>
public sealed record AlertmanagerGossip(
    TimeSpan PeerTimeout,
    TimeSpan GossipInterval,
    TimeSpan PushPullInterval,
    TimeSpan SettleTimeout,
    TimeSpan ReconnectInterval)
{
    /// <summary>Alertmanager's own defaults (0.25): what production should run.</summary>
    public static AlertmanagerGossip Defaults { get; } = new(
        TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(200), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10));

    /// <summary>
    /// For the tests on loopback: a member settles in about 2.5 s (five polls of ten gossip intervals), and the second
    /// member waits 3 s for the first one's notification log entry (a send and a gossip on loopback take milliseconds;
    /// 3 s leaves room for a build machine shared with other builds).
    /// </summary>
    public static AlertmanagerGossip Fast { get; } = new(
        TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1));

    internal IEnumerable<string> Arguments() =>
    [
        "--cluster.peer-timeout=" + GoDuration(PeerTimeout),
        "--cluster.gossip-interval=" + GoDuration(GossipInterval),
        "--cluster.pushpull-interval=" + GoDuration(PushPullInterval),
        "--cluster.settle-timeout=" + GoDuration(SettleTimeout),
        "--cluster.reconnect-interval=" + GoDuration(ReconnectInterval),
    ];

    private static string GoDuration(TimeSpan span) => ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
