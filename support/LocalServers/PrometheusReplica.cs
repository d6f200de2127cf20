using System.Globalization;
using System.Text;

namespace KpiMonitoring.LocalServers;

/// <summary>
/// One Prometheus of a high-availability pair: the same scrape targets and rules as its twin, the external label
/// <c>replica</c> set to <see cref="Name"/>, and every Alertmanager of the cluster as a target of its own (no load
/// balancer in between). The replica label is dropped from alerts (<c>alert_relabel_configs</c>): Alertmanager
/// deduplicates only alerts whose label sets are identical, so both replicas must send the same labels.
/// infrastructure/prometheus/prometheus.ha.yml is the same configuration for docker-compose.
/// </summary>
/// <param name="Name">The value of the replica label (a, b).</param>
/// <param name="Alertmanagers">host:port of every Alertmanager of the cluster.</param>
public sealed record PrometheusReplica(string Name, IReadOnlyList<string> Alertmanagers)
{
    /// <summary>The external label that tells the replicas' series apart (and that alerts must not carry).</summary>
    public const string Label = "replica";

    /// <summary>The <c>external_labels</c> lines, indented under <c>global:</c>.</summary>
    internal void AppendExternalLabels(StringBuilder config)
    {
        config.AppendLine("  external_labels:");
        config.AppendLine(CultureInfo.InvariantCulture, $"    {Label}: '{Name}'");
    }

    /// <summary>The whole <c>alerting:</c> section.</summary>
    internal void AppendAlerting(StringBuilder config)
    {
        config.AppendLine("alerting:");
        config.AppendLine("  alert_relabel_configs:");
        config.AppendLine("    - action: labeldrop");
        config.AppendLine(CultureInfo.InvariantCulture, $"      regex: {Label}");
        config.AppendLine("  alertmanagers:");
        config.AppendLine("    - static_configs:");
        config.AppendLine(CultureInfo.InvariantCulture, $"        - targets: [{string.Join(", ", Alertmanagers.Select(target => $"'{target}'"))}]");
    }
}
