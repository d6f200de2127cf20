using System.Text.RegularExpressions;

namespace KpiMonitoring.Dashboards.Tests.Support;

/// <summary>
/// Replaces Grafana's template variables in a query the way Grafana would before sending it to Prometheus:
/// <c>$name</c>, <c>${name}</c>, <c>${name:format}</c> and <c>[[name]]</c>.
/// </summary>
internal static partial class TemplateVariables
{
    /// <summary>
    /// Grafana's built-in interval variables, for a Prometheus that scrapes every second: $__rate_interval is at
    /// least four scrape intervals (Grafana's own rule), $__range the span the tests look back over.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> BuiltIns = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["__interval"] = "1s",
        ["__interval_ms"] = "1000",
        ["__rate_interval"] = "10s",
        ["__range"] = "1m",
        ["__range_s"] = "60",
        ["__range_ms"] = "60000",
        ["datasource"] = "prometheus",
    };

    public static string Substitute(string expr, IReadOnlyDictionary<string, string> values) =>
        Variable().Replace(expr, match =>
        {
            var name = match.Groups["braced"].Success ? match.Groups["braced"].Value
                : match.Groups["bracket"].Success ? match.Groups["bracket"].Value
                : match.Groups["plain"].Value;
            return values.TryGetValue(name, out var value) || BuiltIns.TryGetValue(name, out value) ? value : match.Value;
        });

    /// <summary>Whether a variable reference is left (a <c>$1</c> of label_replace does not count).</summary>
    public static bool HasUnresolved(string expr) => Unresolved().IsMatch(expr);

    [GeneratedRegex(@"\$\{(?<braced>\w+)(?::\w+)?\}|\[\[(?<bracket>\w+)\]\]|\$(?<plain>[A-Za-z_]\w*)")]
    private static partial Regex Variable();

    [GeneratedRegex(@"\$(\{|[A-Za-z_])|\[\[\w+\]\]")]
    private static partial Regex Unresolved();
}
