namespace KpiMonitoring.Backtest;

/// <summary>
/// What the rules made of one judged hour of one dataset: today's count and the recorded expected count and
/// z-score (<c>dataset:checkout_transactions:count</c>, <c>:expected</c>, <c>:zscore</c>; NaN when the rules
/// recorded nothing or NaN), the alerts that fired while the hour was judged, and how many rule evaluations
/// judged it.
/// </summary>
internal sealed record HourVerdict(
    string Dataset,
    int Hour,
    double Today,
    double Expected,
    double ZScore,
    IReadOnlyList<FiringAlert> Alerts,
    int Evaluations);
