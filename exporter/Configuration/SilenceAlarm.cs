using System.Globalization;

namespace KpiExporter.Configuration;

/// <summary>
/// The silence alarm's two settings, shared by every stream it watches (a revenue table, a checkout export
/// refreshed within the hour): one default for k and for the rate gate, one range check. The rules read both from
/// the exporter's gauges, so no rule file repeats them. Why 16 and 30: docs/alerting.md ("Revenue streams").
/// </summary>
internal static class SilenceAlarm
{
    /// <summary>k: expected sales missed before the alarm fires (chance e^-16, about one in 9 million, by luck).</summary>
    public const double DefaultThreshold = 16;

    /// <summary>Below this expected rate (sales per hour) the alarm stays quiet: quiet nights never page.</summary>
    public const double DefaultMinExpectedPerHour = 30;

    /// <summary>Adds a failure naming <paramref name="key"/> for a k or a gate that cannot work.</summary>
    public static void Validate(string key, double threshold, double minExpectedPerHour, List<string> failures)
    {
        if (!(threshold is >= 1 and <= 100))
        {
            failures.Add($"{key}:SilenceThreshold = '{threshold.ToString(CultureInfo.InvariantCulture)}': must be from 1 to 100 (expected sales missed; 16 pages about once a quarter by chance at 3,600 sales an hour).");
        }

        if (!(minExpectedPerHour is >= 0 and < 1e9))
        {
            failures.Add($"{key}:MinExpectedPerHour = '{minExpectedPerHour.ToString(CultureInfo.InvariantCulture)}': must be a rate of sales per hour, 0 or more.");
        }
    }
}
