namespace KpiMonitoring.Backtest.History;

/// <summary>
/// What an offline backtest found: every judged hour with the alerts of rule set A (and of rule set B when
/// one was given), the day files the exporter rejected, and the figures of the run.
/// </summary>
internal sealed record HistoryRun(
    IReadOnlyList<HistoryHour> Hours,
    IReadOnlyList<HistoryHour>? HoursB,
    IReadOnlyList<RejectedDay> Rejected,
    long Samples,
    TimeSpan Elapsed);
