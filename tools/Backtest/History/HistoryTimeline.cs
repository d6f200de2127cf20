namespace KpiMonitoring.Backtest.History;

/// <summary>
/// Where the hours of the history sit on the clock the exporter and the TSDB share. Like the live replay, the
/// offline backtest compresses time: hour h of the n-th day (counted from the first date, whose midnight is the
/// origin) is stamped at origin + (24 n + h) x <see cref="SecondsPerHour"/>. A quarter then fits in one or two
/// TSDB blocks (promtool writes a block per two hours of samples, and a block per business hour of a quarter took
/// minutes), the exporter's replay clock judges hour h at that instant, and Prometheus reads each hour's samples
/// at exactly that instant with a lookback shorter than an hour's spacing, so an hour without a row is absent
/// rather than filled from the hour before. Business time (what <c>for:</c> counts, what the report shows) is
/// the date and hour themselves.
/// </summary>
internal sealed record HistoryTimeline(DateOnly FirstDate, int SecondsPerHour = HistoryTimeline.DefaultSecondsPerHour)
{
    public const int DefaultSecondsPerHour = 2;

    public DateTimeOffset Origin => new(FirstDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public TimeSpan Step => TimeSpan.FromSeconds(SecondsPerHour);

    /// <summary>Prometheus' lookback: half an hour's spacing.</summary>
    public TimeSpan LookbackDelta => TimeSpan.FromMilliseconds(SecondsPerHour * 500);

    /// <summary>The compressed instant of an hour.</summary>
    public DateTimeOffset At(DateOnly date, int hour) => Origin.AddSeconds((((date.DayNumber - FirstDate.DayNumber) * 24L) + hour) * SecondsPerHour);

    /// <summary>The date and hour a compressed instant stands for.</summary>
    public (DateOnly Date, int Hour) HourAt(DateTimeOffset instant)
    {
        var index = (long)Math.Round((instant - Origin).TotalSeconds / SecondsPerHour);
        return (FirstDate.AddDays((int)(index / 24)), (int)(index % 24));
    }

    /// <summary>The business start of an hour (the date and hour in UTC).</summary>
    public static DateTimeOffset BusinessStart(DateOnly date, int hour) =>
        new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(hour);
}
