using System.Globalization;
using System.Text;
using KpiMonitoring.Feeder;

namespace KpiMonitoring.Backtest.History;

/// <summary>What to generate: the days, where, the real day whose shape they follow, the seed and the incidents.</summary>
internal sealed record GeneratorOptions(
    string OutputDirectory,
    int Days = 90,
    DateOnly? Start = null,
    int Seed = 1,
    string Dataset = "checkout",
    string ShapeFile = "data/checkout_1.csv",
    int? Incidents = null);

/// <summary>
/// Realistic history for the offline backtest, deterministic for a seed. Each hour's count is a Poisson draw at
/// the real day's rate for that hour (<see cref="DailyShape"/>, the <c>avg_last_month</c> column of
/// <c>data/checkout_1.csv</c> by default, read by the exporter's parser) times a weekday factor (1.08 Monday to
/// Friday, 0.8 at weekends, so a week averages the month's rate) and a day-to-day level that varies by about 5%.
/// Twenty-eight days before the first written day are generated and not written, so that every written day
/// has its four baselines: yesterday, the same day last week, and the averages of the last 7 and 28 days, computed
/// from the generated counts (incidents included, as a real export's baselines would be).
/// <para>
/// Incidents (default: one per ten days) are placed on random days in busy hours (10h to 19h) and cycle through
/// three kinds: an outage (2 or 3 hours without checkouts; deserves P1), a sharp drop (1 or 2 hours at 20-30% of
/// the rate; P2) and a mild drop (1 or 2 hours at 55-65%; P3). Their hours go to <c>truth.csv</c>.
/// </para>
/// </summary>
internal static class HistoryGenerator
{
    public const string TruthFileName = "truth.csv";

    private const int WarmUpDays = 28;
    private const double WeekdayFactor = 1.08;
    private const double WeekendFactor = 0.8;
    private const double DayLevelSpread = 0.05;

    public static readonly DateOnly DefaultStart = new(2026, 9, 1);

    /// <summary>Writes the day files and the truth file; returns the incident hours.</summary>
    public static IReadOnlyList<TruthHour> Write(GeneratorOptions options)
    {
        DailyShape shape;
        try
        {
            shape = DailyShape.Load(options.ShapeFile, "avg_last_month", 1);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new BacktestException($"cannot read the shape file: {ex.Message}", ex);
        }

        var random = new Random(options.Seed);
        var start = options.Start ?? DefaultStart;
        var total = WarmUpDays + options.Days;
        var counts = new int[total][];
        var incidents = PlanIncidents(random, options, start);
        var truth = new List<TruthHour>();
        for (var d = 0; d < total; d++)
        {
            var date = start.AddDays(d - WarmUpDays);
            var level = (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? WeekendFactor : WeekdayFactor)
                * Math.Exp(DayLevelSpread * RandomCounts.Normal(random));
            counts[d] = new int[24];
            for (var hour = 0; hour < 24; hour++)
            {
                var rate = shape.PerHour(hour) * level;
                if (incidents.TryGetValue((date, hour), out var incident))
                {
                    rate *= incident.Factor;
                    truth.Add(new TruthHour(options.Dataset, date, hour, incident.Severity, incident.Kind));
                }

                counts[d][hour] = RandomCounts.Poisson(random, rate);
            }
        }

        Directory.CreateDirectory(options.OutputDirectory);
        for (var d = WarmUpDays; d < total; d++)
        {
            var date = start.AddDays(d - WarmUpDays);
            var file = Path.Combine(options.OutputDirectory, string.Create(CultureInfo.InvariantCulture, $"{options.Dataset}_{date:yyyy-MM-dd}.csv"));
            File.WriteAllText(file, DayCsv(counts, d));
        }

        File.WriteAllText(Path.Combine(options.OutputDirectory, TruthFileName), TruthFile.Format(truth));
        return truth;
    }

    /// <summary>One day in the exporter's format, its baselines computed from the days before it.</summary>
    private static string DayCsv(int[][] counts, int d)
    {
        var csv = new StringBuilder("time,today,yesterday,same_day_last_week,avg_last_week,avg_last_month\n");
        for (var hour = 0; hour < 24; hour++)
        {
            var h = hour;
            double Average(int days) => Enumerable.Range(1, days).Average(back => counts[d - back][h]);
            csv.Append(string.Create(CultureInfo.InvariantCulture,
                $"{hour:00}h,{counts[d][hour]},{counts[d - 1][hour]},{counts[d - 7][hour]},{Average(7):0.###},{Average(28):0.###}\n"));
        }

        return csv.ToString();
    }

    private sealed record Incident(string Kind, string Severity, double Factor);

    private static Dictionary<(DateOnly Date, int Hour), Incident> PlanIncidents(Random random, GeneratorOptions options, DateOnly start)
    {
        var planned = new Dictionary<(DateOnly, int), Incident>();
        var count = options.Incidents ?? Math.Max(1, options.Days / 10);
        var days = Enumerable.Range(0, options.Days).OrderBy(_ => random.Next()).Take(count).Order().ToList();
        for (var i = 0; i < days.Count; i++)
        {
            var (kind, severity, length, low, high) = (i % 3) switch
            {
                0 => ("outage", "P1", random.Next(2, 4), 0.0, 0.0),
                1 => ("sharp_drop", "P2", random.Next(1, 3), 0.2, 0.3),
                _ => ("mild_drop", "P3", random.Next(1, 3), 0.55, 0.65),
            };
            var first = random.Next(10, 20 - length + 1);
            for (var hour = first; hour < first + length; hour++)
            {
                planned[(start.AddDays(days[i]), hour)] = new Incident(kind, severity, low + ((high - low) * random.NextDouble()));
            }
        }

        return planned;
    }
}
