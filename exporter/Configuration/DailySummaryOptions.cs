using System.Globalization;

namespace KpiExporter.Configuration;

/// <summary>
/// When the daily summary goes out (<c>Checkout:Summary</c>): a local time of day in the business time zone, and
/// how long the summary's alert stays active from then. Off while <see cref="Time"/> is empty. The exporter only
/// says when; the figures are Prometheus' (rules/summary.rules.yml, docs/alerting.md "Daily summary").
/// </summary>
public sealed class DailySummaryOptions
{
    /// <summary>Local time of day, <c>HH:mm</c> (or <c>HH:mm:ss</c>); empty: no daily summary.</summary>
    public string Time { get; set; } = "";

    /// <summary>
    /// Minutes the summary stays active from its send time. Longer than any restart of Prometheus or Alertmanager it
    /// must ride out, shorter than Alertmanager's group_interval for it (24h).
    /// </summary>
    public double ActiveMinutes { get; set; } = 60;

    public bool Enabled => !string.IsNullOrWhiteSpace(Time);

    /// <summary>Adds a failure for each setting that cannot work, naming its key under <paramref name="key"/>.</summary>
    internal void Validate(string key, List<string> failures)
    {
        if (Enabled && DeadlineCalendar.ParseTime(Time) is null)
        {
            failures.Add($"{key}:Time = '{Time}': must be a local time of day HH:mm, e.g. 18:00.");
        }

        if (!(ActiveMinutes is >= 1 and <= 12 * 60))
        {
            failures.Add($"{key}:ActiveMinutes = '{ActiveMinutes.ToString(CultureInfo.InvariantCulture)}': must be from 1 to 720 minutes.");
        }
    }
}
