namespace KpiExporter.Sources.Checkout;

/// <summary>A reference count an hour is compared against.</summary>
internal enum Baseline
{
    Yesterday,
    SameDayLastWeek,
    AvgLastWeek,
    AvgLastMonth,
}

internal static class BaselineNames
{
    /// <summary>All baselines, in column order.</summary>
    public static readonly Baseline[] All = [Baseline.Yesterday, Baseline.SameDayLastWeek, Baseline.AvgLastWeek, Baseline.AvgLastMonth];

    /// <summary>The CSV column and the <c>baseline</c> label value of a baseline.</summary>
    public static string Name(this Baseline baseline) => baseline switch
    {
        Baseline.Yesterday => "yesterday",
        Baseline.SameDayLastWeek => "same_day_last_week",
        Baseline.AvgLastWeek => "avg_last_week",
        Baseline.AvgLastMonth => "avg_last_month",
        _ => throw new ArgumentOutOfRangeException(nameof(baseline), baseline, null),
    };
}
