using System.Globalization;

namespace KpiMonitoring.Feeder;

/// <summary>Expected transactions per local hour of the day, from a checkout CSV (time, today, ..., avg_last_month).</summary>
internal sealed class DailyShape
{
    private readonly double[] _perHour;

    private DailyShape(double[] perHour)
    {
        _perHour = perHour;
    }

    public double PerHour(int hour) => _perHour[hour];

    /// <summary>The same rate every hour (steady mode).</summary>
    public static DailyShape Flat(double perHour) => new(Enumerable.Repeat(perHour, 24).ToArray());

    public double PerDay => _perHour.Sum();

    public static DailyShape Load(string path, string column, double scale)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToList();
        var header = lines[0].TrimStart('\uFEFF').Split(',').Select(h => h.Trim().ToLowerInvariant()).ToList();
        var time = header.IndexOf("time");
        var value = header.IndexOf(column);
        if (time < 0 || value < 0)
        {
            throw new FormatException($"{path}: needs columns 'time' and '{column}'");
        }

        var perHour = new double[24];
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            var hour = int.Parse(cells[time].Trim().TrimEnd('h', 'H'), CultureInfo.InvariantCulture);
            perHour[hour] = double.Parse(cells[value], CultureInfo.InvariantCulture) * scale;
        }

        return new DailyShape(perHour);
    }
}
