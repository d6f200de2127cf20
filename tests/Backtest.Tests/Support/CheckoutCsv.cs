using System.Globalization;

namespace KpiMonitoring.Backtest.Tests.Support;

/// <summary>Today's count per hour of a bundled day file (comma-separated, <c>time</c> and <c>today</c> columns).</summary>
internal static class CheckoutCsv
{
    public static Dictionary<int, double> TodayByHour(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        var time = Array.IndexOf(header, "time");
        var today = Array.IndexOf(header, "today");
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(
            cells => int.Parse(cells[time].TrimEnd('h'), CultureInfo.InvariantCulture),
            cells => double.Parse(cells[today], CultureInfo.InvariantCulture));
    }
}
