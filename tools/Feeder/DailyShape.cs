using KpiExporter.Sources.Checkout;

namespace KpiMonitoring.Feeder;

/// <summary>
/// Expected transactions per local hour of the day, from one column of a checkout CSV read by the exporter's own
/// parser: every format the exporter accepts (semicolons, quoted fields, decimal commas, hours as 15h, 15 or 15:00)
/// gives the same shape, and a file the exporter would reject is rejected here with the same reason.
/// </summary>
internal sealed class DailyShape
{
    /// <summary>The columns a shape can follow: today's counts or one of the baselines.</summary>
    public static readonly IReadOnlyList<string> Columns = [CheckoutCsvParser.TodayColumn, .. BaselineNames.All.Select(b => b.Name())];

    private readonly double[] _perHour;

    private DailyShape(double[] perHour)
    {
        _perHour = perHour;
    }

    public double PerHour(int hour) => _perHour[hour];

    /// <summary>The same rate every hour (steady mode).</summary>
    public static DailyShape Flat(double perHour) => new(Enumerable.Repeat(perHour, 24).ToArray());

    public double PerDay => _perHour.Sum();

    /// <summary>Hours the file has no row for expect no transactions.</summary>
    public static DailyShape Load(string path, string column, double scale)
    {
        var parsed = CheckoutCsvParser.Parse(File.ReadAllBytes(path));
        if (parsed.Day is not { } day)
        {
            throw new FormatException($"{path}: {parsed.Error}");
        }

        if (!Columns.Contains(column))
        {
            throw new ArgumentException($"'{column}' is not a column of a checkout CSV", nameof(column));
        }

        double Value(CheckoutHour hour) => column == CheckoutCsvParser.TodayColumn
            ? hour.Today
            : hour.BaselineValue(BaselineNames.All.Single(b => b.Name() == column));

        var perHour = new double[24];
        foreach (var hour in day.Hours)
        {
            perHour[hour.Hour] = Value(hour) * scale;
        }

        return new DailyShape(perHour);
    }
}
