namespace KpiMonitoring.Feeder;

/// <summary>
/// Steady-rate mode, for measuring how fast a stop is detected: every hour of the day has the same rate
/// (<c>--steady-per-hour R</c>), and <c>--history-weeks N</c> writes only the history the revenue-stream check reads
/// (the same time of day, <see cref="HistoryMargin"/> either side, on each of the last N weeks, and the last
/// <see cref="HistoryMargin"/> up to now so the trailing windows start full) instead of whole days, so a few
/// seconds of writing give the exporter an expected rate of R.
/// </summary>
internal sealed class SteadyFeed
{
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

    /// <summary>Steady mode as the command line asks for it (<c>--steady-per-hour</c>, <c>--history-weeks</c>); null when it is off.</summary>
    public static SteadyFeed? From(FeederOptions options) =>
        options.SteadyPerHour > 0 ? new SteadyFeed(options.SteadyPerHour, options.HistoryWeeks) : null;

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
