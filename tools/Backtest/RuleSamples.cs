namespace KpiMonitoring.Backtest;

/// <summary>
/// The raw samples of one backtest run that attribution needs: the judged hour as scraped from the exporter,
/// the checkout recording rules as the rule evaluations wrote them, and the firing alerts.
/// </summary>
internal sealed record RuleSamples(
    IReadOnlyList<SampleSeries> JudgedHour,
    IReadOnlyList<SampleSeries> Today,
    IReadOnlyList<SampleSeries> Expected,
    IReadOnlyList<SampleSeries> ZScore,
    IReadOnlyList<SampleSeries> FiringAlerts)
{
    /// <summary>The selectors whose raw samples fill each field, in the order of the constructor.</summary>
    public static readonly IReadOnlyList<string> Selectors =
    [
        "kpi_checkout_judged_hour",
        "dataset:checkout_transactions:count",
        "dataset:checkout_transactions:expected",
        "dataset:checkout_transactions:zscore",
        "ALERTS{alertstate=\"firing\"}",
    ];
}
