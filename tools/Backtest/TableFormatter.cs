using System.Globalization;
using System.Text;

namespace KpiMonitoring.Backtest;

/// <summary>
/// The backtest as text: per dataset one row per hour (hour, today, expected, z, the alerts that fired as
/// <c>severity alertname</c>) and an "Alerts:" line, laid out like <c>rules/tools/judge-hours.py</c> so the
/// two compare at a glance.
/// </summary>
internal static class TableFormatter
{
    private static readonly string[] Header = ["hour", "today", "expected", "z", "alerts"];

    public static string Format(IReadOnlyList<HourVerdict> verdicts)
    {
        var text = new StringBuilder();
        foreach (var day in verdicts.GroupBy(v => v.Dataset, StringComparer.Ordinal))
        {
            var rows = day.Select(v => new[]
            {
                v.Hour.ToString("00", CultureInfo.InvariantCulture),
                Number(v.Today, "0.##"),
                Number(v.Expected, "0.0"),
                Number(v.ZScore, "0.00"),
                string.Join(", ", v.Alerts.Select(a => $"{a.Severity} {a.AlertName}")),
            }).ToList();
            var widths = Header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();

            text.Append("== ").Append(day.Key).Append('\n');
            AppendRow(text, Header, widths);
            foreach (var row in rows)
            {
                AppendRow(text, row, widths);
            }

            var fired = day.Where(v => v.Alerts.Count > 0)
                .SelectMany(v => v.Alerts.Select(a => string.Create(CultureInfo.InvariantCulture, $"{v.Hour:00} {a.Severity}")))
                .ToList();
            text.Append("\nAlerts: ").Append(fired.Count > 0 ? string.Join(", ", fired) : "none").Append("\n\n");
        }

        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            // Numbers right-aligned; the alerts column (last) left-aligned.
            line.Append(i == cells.Length - 1 ? cells[i] : cells[i].PadLeft(widths[i])).Append(i == cells.Length - 1 ? "" : "  ");
        }

        text.Append(line.ToString().TrimEnd()).Append('\n');
    }

    private static string Number(double value, string format) =>
        double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
}
