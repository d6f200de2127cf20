using System.Globalization;

namespace KpiMonitoring.Feeder;

/// <summary>
/// Steady-rate mode, for measuring how fast a stop is detected: every hour of the day has the same rate
/// (<c>--steady-per-hour R</c>), and <c>--history-weeks N</c> writes only the history the revenue-stream check reads
/// (the same time of day, <see cref="HistoryMargin"/> either side, on each of the last N weeks, and the last
/// <see cref="HistoryMargin"/> up to now so the trailing windows start full) instead of whole days, so a few
/// seconds of writing give the exporter an expected rate of R. Its options are taken out of
/// the command line before the other options are parsed.
/// </summary>
internal sealed class SteadyFeed
{
    public const string Usage = """
          --steady-per-hour R       steady mode: R transactions an hour at every hour of the day (instead of the shape)
          --history-weeks N         steady mode: write the same time of day (+-1 h) on each of the last N weeks, and the
                                    last hour, first
        """;

    /// <summary>History written either side of now's time of day in each past week: room for a run of an hour.</summary>
    public static readonly TimeSpan HistoryMargin = TimeSpan.FromHours(1);

    private SteadyFeed(double perHour, int historyWeeks)
    {
        PerHour = perHour;
        HistoryWeeks = historyWeeks;
    }

    public double PerHour { get; }

    public int HistoryWeeks { get; }

    /// <summary>A flat daily shape at <see cref="PerHour"/>.</summary>
    public DailyShape Shape => DailyShape.Flat(PerHour);

    /// <summary>Takes the steady-mode options out of <paramref name="args"/>; null when steady mode is off.</summary>
    public static SteadyFeed? Extract(IReadOnlyList<string> args, out List<string> rest)
    {
        rest = [];
        double? perHour = null;
        var weeks = 0;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{name} needs a value");
            switch (name)
            {
                case "--steady-per-hour":
                    perHour = double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0 && double.IsFinite(rate)
                        ? rate
                        : throw new FormatException($"{name} '{args[i]}': must be a number > 0");
                    break;
                case "--history-weeks":
                    weeks = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var w) && w is >= 1 and <= 12
                        ? w
                        : throw new FormatException($"{name} '{args[i]}': must be a whole number from 1 to 12");
                    break;
                default:
                    rest.Add(name);
                    break;
            }
        }

        if (perHour is null)
        {
            return weeks > 0 ? throw new FormatException("--history-weeks needs --steady-per-hour") : null;
        }

        return new SteadyFeed(perHour.Value, weeks);
    }

    /// <summary>Writes the history windows of the last <see cref="HistoryWeeks"/> weeks around <paramref name="now"/>, then the margin up to now.</summary>
    public async Task<long> WriteHistoryAsync(TransactionWriter writer, TransactionGenerator generator, Incidents incidents, DateTimeOffset now, CancellationToken cancellationToken)
    {
        long total = 0;
        for (var week = HistoryWeeks; week >= 1; week--)
        {
            var centre = now.AddDays(-7 * week);
            total += await writer.WriteAsync(generator.Between(centre - HistoryMargin, centre + HistoryMargin, 1, incidents), cancellationToken);
        }

        total += await writer.WriteAsync(generator.Between(now - HistoryMargin, now, 1, incidents), cancellationToken);
        return total;
    }
}
