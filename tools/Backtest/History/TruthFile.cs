using System.Globalization;

namespace KpiMonitoring.Backtest.History;

/// <summary>An hour of a known incident: the dataset, the day and hour, the severity it deserves and what happened.</summary>
internal sealed record TruthHour(string Dataset, DateOnly Date, int Hour, string Severity, string Kind);

/// <summary>
/// The truth file: CSV with the header <c>dataset,date,hour,severity,kind</c>, one row per incident hour
/// (<c>checkout,2026-09-14,15,P1,outage</c>), as the generator writes it.
/// </summary>
internal static class TruthFile
{
    public const string Header = "dataset,date,hour,severity,kind";

    public static IReadOnlyList<TruthHour> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new BacktestException($"no such truth file: {path}");
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0].Trim() != Header)
        {
            throw new BacktestException($"{path}: line 1: the header must be '{Header}'");
        }

        var hours = new List<TruthHour>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var cells = lines[i].Split(',');
            if (cells.Length != 5
                || !DateOnly.TryParseExact(cells[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                || !int.TryParse(cells[2], NumberStyles.None, CultureInfo.InvariantCulture, out var hour) || hour > 23
                || cells[3] is not ("P1" or "P2" or "P3"))
            {
                throw new BacktestException($"{path}: line {i + 1}: expected dataset,YYYY-MM-DD,hour 0-23,P1|P2|P3,kind, not '{lines[i]}'");
            }

            hours.Add(new TruthHour(cells[0], date, hour, cells[3], cells[4]));
        }

        return hours;
    }

    public static string Format(IEnumerable<TruthHour> hours) =>
        Header + "\n" + string.Concat(hours.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Dataset},{h.Date:yyyy-MM-dd},{h.Hour},{h.Severity},{h.Kind}\n")));
}
