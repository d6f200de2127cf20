using System.Globalization;
using System.Text;

namespace KpiMonitoring.Backtest.History;

/// <summary>The offline backtest's report as text: alerts, pages per week, episodes, truth scores, rejected days, A/B.</summary>
internal static class HistoryTableFormatter
{
    public static string Format(HistoryReport report)
    {
        var text = new StringBuilder();
        text.Append(Invariant($"Backtest {report.From:yyyy-MM-dd} .. {report.To:yyyy-MM-dd}: {report.Days} days ({report.Weeks:0.#} weeks), datasets {string.Join(", ", report.Datasets)}\n\n"));

        var rows = report.Alerts.Select(a => new[]
        {
            a.Alert.AlertName, a.Alert.Severity, Invariant($"{a.Episodes.Count}"), Invariant($"{a.Hours}"), Invariant($"{a.Days}"),
            Invariant($"{a.Episodes.Count / report.Weeks:0.00}"),
            string.Join(' ', a.ByHourOfDay.Select((n, h) => (n, h)).Where(x => x.n > 0).Select(x => Invariant($"{x.h:00}h:{x.n}"))),
        }).ToList();
        Table(text, ["alert", "severity", "episodes", "hours", "days", "per week", "episodes by hour of day"], rows);
        if (rows.Count == 0)
        {
            text.Append("no alert fired\n");
        }

        text.Append("\nPages per week: ").Append(string.Join(", ", HistoryReport.Severities.Select(s =>
            Invariant($"{s} {report.Alerts.Where(a => a.Alert.Severity == s).Sum(a => a.Episodes.Count) / report.Weeks:0.00}")))).Append('\n');

        text.Append("\nEpisodes (first hour, length):\n");
        foreach (var (alert, episode) in report.Alerts.SelectMany(a => a.Episodes.Select(e => (a.Alert, e))).OrderBy(x => x.e.Start))
        {
            text.Append(Invariant($"  {episode.Date:yyyy-MM-dd ddd} {episode.Hour:00}h  {alert.Severity} {alert.AlertName}  {episode.Dataset}, {episode.Hours} h\n"));
        }

        if (report.Scores is { } scores)
        {
            text.Append("\nAgainst the truth file, hour by hour (severity S: incident hours and alerts of S or worse):\n");
            Table(text, ["severity", "incident hours", "hits", "misses", "false alarms", "precision", "recall"], [.. scores.Select(s => new[]
            {
                s.Severity, Invariant($"{s.IncidentHours}"), Invariant($"{s.Hits}"), Invariant($"{s.Misses}"), Invariant($"{s.FalseAlarms}"),
                Ratio(s.Precision), Ratio(s.Recall),
            })]);
        }

        if (report.Rejected.Count > 0)
        {
            text.Append(Invariant($"\nSkipped {report.Rejected.Count} day files the exporter rejected:\n"));
            foreach (var rejected in report.Rejected)
            {
                text.Append(Invariant($"  {rejected.File.Path}: {rejected.Reason}\n"));
            }
        }

        if (report.Comparison is { } comparison)
        {
            AppendComparison(text, comparison);
        }

        return text.ToString();
    }

    private static void AppendComparison(StringBuilder text, RuleSetComparison comparison)
    {
        var added = comparison.Changes.Count(c => c.Added);
        text.Append(Invariant($"\nA/B (rule set B against A): {added} alert hours added, {comparison.Changes.Count - added} removed\n"));
        foreach (var severity in HistoryReport.Severities)
        {
            var (plus, minus) = comparison.ByHourOfDay(severity);
            var hours = Enumerable.Range(0, 24).Where(h => plus[h] + minus[h] > 0).Select(h => Invariant($"{h:00}h +{plus[h]} -{minus[h]}")).ToList();
            if (hours.Count > 0)
            {
                text.Append(Invariant($"  {severity} by hour of day: {string.Join(", ", hours)}\n"));
            }
        }

        foreach (var change in comparison.Changes)
        {
            text.Append(Invariant($"  {(change.Added ? '+' : '-')} {change.Date:yyyy-MM-dd ddd} {change.Hour:00}h  {change.Alert.Severity} {change.Alert.AlertName}  {change.Dataset}\n"));
        }
    }

    private static void Table(StringBuilder text, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            // The first two columns (names) left-aligned, the figures right-aligned, the last column as it is.
            var cells = row.Select((cell, i) => i == row.Length - 1 ? cell : i < 2 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]));
            text.Append(string.Join("  ", cells).TrimEnd()).Append('\n');
        }
    }

    private static string Ratio(double value) => double.IsNaN(value) ? "-" : Invariant($"{value:0.00}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
