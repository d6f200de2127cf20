namespace KpiExporter.Sources.Checkout;

/// <summary>One hour row of a checkout day: today's count and the four baselines.</summary>
internal sealed record CheckoutHour(int Hour, double Today, double Yesterday, double SameDayLastWeek, double AvgLastWeek, double AvgLastMonth)
{
    public double BaselineValue(Baseline baseline) => baseline switch
    {
        Baseline.Yesterday => Yesterday,
        Baseline.SameDayLastWeek => SameDayLastWeek,
        Baseline.AvgLastWeek => AvgLastWeek,
        Baseline.AvgLastMonth => AvgLastMonth,
        _ => throw new ArgumentOutOfRangeException(nameof(baseline), baseline, null),
    };

    /// <summary>The <c>hour</c> label value: two digits, "00".."23".</summary>
    public string HourLabel => HourLabels.Of(Hour);
}

internal static class HourLabels
{
    private static readonly string[] Labels = Enumerable.Range(0, 24).Select(h => h.ToString("00", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public static string Of(int hour) => Labels[hour];
}
