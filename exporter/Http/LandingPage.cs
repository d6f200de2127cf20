using System.Globalization;
using System.Net;
using System.Text;
using KpiExporter.Metrics;
using KpiExporter.Sources;

namespace KpiExporter.Http;

/// <summary>
/// GET / : the exporter's name and version, a link to /metrics and the status of every source: OK, FAILING (its
/// last load failed), or the condition its data is in although it loads (STALE, INCOMPLETE); deadlines at risk or
/// missed (AT RISK, MISSED).
/// </summary>
internal static class LandingPage
{
    public static IResult Render(ExporterInfo info, SourceHealthRegistry health, MetricsSources metricsSources)
    {
        var conditions = metricsSources.All.SelectMany(s => s.Conditions()).ToDictionary(c => (c.Kind, c.Source));
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(ExporterInfo.Name).Append("</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}")
            .Append(".ok{color:#1a7f37;font-weight:bold}.failing{color:#cf222e;font-weight:bold}.warn{color:#9a6700;font-weight:bold}</style></head><body>")
            .Append("<h1>").Append(ExporterInfo.Name).Append(" <small>").Append(Encode(info.Version)).Append("</small></h1>")
            .Append("<p>Business KPI exporter. <a href=\"metrics\">Metrics</a> · <a href=\"healthz\">healthz</a> · <a href=\"readyz\">readyz</a></p>")
            .Append("<h2>Sources</h2><table><thead><tr><th>kind</th><th>database</th><th>source</th><th>status</th><th>last successful load (UTC)</th><th>rows</th><th>last error or note</th></tr></thead><tbody>");

        var sources = health.Snapshot();
        foreach (var s in sources)
        {
            var ok = s.Up == true;
            var condition = ok ? conditions.GetValueOrDefault((s.Kind, s.Source)) : null;
            var status = !ok ? "<td class=\"failing\">FAILING</td>" : condition is null ? "<td class=\"ok\">OK</td>" : Condition(condition);
            html.Append("<tr><td>").Append(Encode(s.Kind)).Append("</td><td>").Append(Encode(s.Database ?? "")).Append("</td><td>").Append(Encode(s.Source)).Append("</td>")
                .Append(status)
                .Append("<td>").Append(s.LastSuccess?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "never").Append("</td>")
                .Append("<td>").Append(s.Rows?.ToString(CultureInfo.InvariantCulture) ?? "").Append("</td>")
                .Append("<td>").Append(Encode(s.LastError ?? condition?.Detail ?? "")).Append("</td></tr>");
        }

        // Conditions of things that are not loads themselves (a file deadline): a row of their own.
        foreach (var condition in conditions.Values.Where(c => !sources.Any(s => s.Kind == c.Kind && s.Source == c.Source)))
        {
            html.Append("<tr><td>").Append(Encode(condition.Kind)).Append("</td><td></td><td>").Append(Encode(condition.Source)).Append("</td>")
                .Append(Condition(condition)).Append("<td></td><td></td><td>").Append(Encode(condition.Detail)).Append("</td></tr>");
        }

        if (sources.Count == 0 && conditions.Count == 0)
        {
            html.Append("<tr><td colspan=\"7\">no sources yet</td></tr>");
        }

        html.Append("</tbody></table></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static string Condition(SourceCondition condition) =>
        $"<td class=\"{(condition.State == SourceCondition.Missed ? "failing" : "warn")}\">{Encode(condition.State)}</td>";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
