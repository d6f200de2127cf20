using System.Globalization;
using System.Text;

namespace KpiMonitoring.LocalServers;

/// <summary>
/// Where a <see cref="PrometheusServer"/> remote-writes its samples (a VictoriaMetrics <c>/api/v1/write</c>).
/// <paramref name="ScrapedSeriesOnly"/>: send only what was scraped, not the series the rules record nor
/// <c>ALERTS</c>, for a store on which another ruler (vmalert) evaluates the same rules and writes those names itself.
/// </summary>
public sealed record RemoteWriteTarget(Uri Url, bool ScrapedSeriesOnly = false)
{
    /// <summary>The <c>remote_write:</c> block of a Prometheus configuration, sending within a second (test pace).</summary>
    public string ToYaml()
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("remote_write:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  - url: '{Url}'");
        yaml.AppendLine("    queue_config:");
        yaml.AppendLine("      batch_send_deadline: 1s");
        yaml.AppendLine("      min_backoff: 100ms");
        yaml.AppendLine("      max_backoff: 1s");
        if (ScrapedSeriesOnly)
        {
            // Recording rules are named level:metric:operations; scraped metric names have no colon.
            yaml.AppendLine("    write_relabel_configs:");
            yaml.AppendLine("      - source_labels: [__name__]");
            yaml.AppendLine("        regex: '.*:.*|ALERTS|ALERTS_FOR_STATE'");
            yaml.AppendLine("        action: drop");
        }

        return yaml.ToString();
    }
}
