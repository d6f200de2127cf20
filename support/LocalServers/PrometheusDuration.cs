using System.Globalization;
using System.Text.RegularExpressions;

namespace KpiMonitoring.LocalServers;

/// <summary>Durations as Prometheus and Alertmanager write them: one or more number+unit pairs (1h30m, 50s, 166ms, 2w).</summary>
public static partial class PrometheusDuration
{
    /// <summary>The duration <paramref name="text"/> stands for, or null when it is not one.</summary>
    public static TimeSpan? Parse(string text)
    {
        var parts = Part().Matches(text);
        if (parts.Count == 0 || string.Concat(parts.Select(p => p.Value)) != text)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (Match part in parts)
        {
            var amount = long.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                "d" => TimeSpan.FromDays(amount),
                "w" => TimeSpan.FromDays(7 * amount),
                _ => TimeSpan.FromDays(365 * amount),
            };
        }

        return total;
    }

    [GeneratedRegex(@"(\d+)(ms|s|m|h|d|w|y)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
