namespace KpiMonitoring.Backtest.History;

/// <summary>One judged hour of one dataset's day and the alerts that fired for it (most severe first).</summary>
internal sealed record HistoryHour(string Dataset, DateOnly Date, int Hour, IReadOnlyList<FiringAlert> Alerts)
{
    public DateTimeOffset Start => HistoryTimeline.BusinessStart(Date, Hour);
}
