using System.Globalization;
using System.Security;
using System.Text;

namespace KpiMonitoring.Backtest.History;

/// <summary>
/// The quarter as one SVG picture: a column per day, a row per hour (00 at the top), each alert hour coloured by
/// its most severe alert (P1 red, P2 orange, P3 yellow), each incident hour of the truth file outlined in blue,
/// weekends shaded, days without data (or rejected) grey. Several datasets share the grid.
/// </summary>
internal static class HistoryChart
{
    private const int Cell = 9;
    private const int Left = 34;
    private const int Top = 30;

    private static readonly Dictionary<string, string> Colours = new(StringComparer.Ordinal)
    {
        ["P1"] = "#d62728",
        ["P2"] = "#ff7f0e",
        ["P3"] = "#e6c229",
    };

    public static string Render(HistoryReport report, IReadOnlyList<HistoryHour> hours, IReadOnlyList<TruthHour>? truth)
    {
        var days = report.To.DayNumber - report.From.DayNumber + 1;
        var width = Left + (days * Cell) + 10;
        var height = Top + (24 * Cell) + 50;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"10\">\n"));
        svg.Append(Invariant($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"14\" font-size=\"12\">{Escape($"Backtest {report.From:yyyy-MM-dd} .. {report.To:yyyy-MM-dd} ({report.Days} days, {string.Join(", ", report.Datasets)})")}</text>\n"));

        var judged = hours.Select(h => h.Date).ToHashSet();
        for (var d = 0; d < days; d++)
        {
            var date = report.From.AddDays(d);
            var fill = !judged.Contains(date) ? "#bbbbbb" : date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? "#eeeeee" : "#fafafa";
            svg.Append(Invariant($"<rect x=\"{X(d)}\" y=\"{Top}\" width=\"{Cell}\" height=\"{24 * Cell}\" fill=\"{fill}\"><title>{date:yyyy-MM-dd ddd}</title></rect>\n"));
            if (date.Day == 1 || d == 0)
            {
                svg.Append(Invariant($"<text x=\"{X(d)}\" y=\"{Top + (24 * Cell) + 12}\">{date:MMM d}</text>\n"));
            }
        }

        for (var h = 0; h < 24; h += 6)
        {
            svg.Append(Invariant($"<text x=\"4\" y=\"{Y(h) + Cell}\">{h:00}h</text>\n"));
        }

        foreach (var hour in hours.Where(h => h.Alerts.Count > 0).GroupBy(h => (h.Date, h.Hour)))
        {
            var worst = hour.SelectMany(h => h.Alerts).Order(HourAttribution.AlertOrder.Instance).First();
            var title = string.Join("; ", hour.SelectMany(h => h.Alerts.Select(a => $"{h.Dataset} {a.Severity} {a.AlertName}")));
            svg.Append(Invariant($"<rect x=\"{X(hour.Key.Date.DayNumber - report.From.DayNumber)}\" y=\"{Y(hour.Key.Hour)}\" width=\"{Cell}\" height=\"{Cell}\" fill=\"{Colours.GetValueOrDefault(worst.Severity, "#7f7f7f")}\"><title>{Escape($"{hour.Key.Date:yyyy-MM-dd} {hour.Key.Hour:00}h: {title}")}</title></rect>\n"));
        }

        foreach (var incident in (truth ?? []).Where(t => t.Date >= report.From && t.Date <= report.To).DistinctBy(t => (t.Date, t.Hour)))
        {
            svg.Append(Invariant($"<rect x=\"{X(incident.Date.DayNumber - report.From.DayNumber) + 0.75}\" y=\"{Y(incident.Hour) + 0.75}\" width=\"{Cell - 1.5}\" height=\"{Cell - 1.5}\" fill=\"none\" stroke=\"#1f4eb4\" stroke-width=\"1.5\"><title>{Escape($"incident {incident.Dataset} {incident.Date:yyyy-MM-dd} {incident.Hour:00}h {incident.Kind} ({incident.Severity})")}</title></rect>\n"));
        }

        var legendY = Top + (24 * Cell) + 30;
        var x = Left;
        foreach (var (label, colour) in Colours.Select(c => (c.Key, c.Value)).Append(("no data", "#bbbbbb")))
        {
            svg.Append(Invariant($"<rect x=\"{x}\" y=\"{legendY - 8}\" width=\"{Cell}\" height=\"{Cell}\" fill=\"{colour}\"/><text x=\"{x + Cell + 3}\" y=\"{legendY}\">{label}</text>\n"));
            x += 60;
        }

        svg.Append(Invariant($"<rect x=\"{x}\" y=\"{legendY - 8}\" width=\"{Cell}\" height=\"{Cell}\" fill=\"none\" stroke=\"#1f4eb4\" stroke-width=\"1.5\"/><text x=\"{x + Cell + 3}\" y=\"{legendY}\">incident (truth)</text>\n"));
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static int X(int day) => Left + (day * Cell);

    private static int Y(int hour) => Top + (hour * Cell);

    private static string Escape(string text) => SecurityElement.Escape(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
