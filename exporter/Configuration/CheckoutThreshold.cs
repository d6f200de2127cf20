namespace KpiExporter.Configuration;

/// <summary>One checkout threshold: its configuration key (under <c>Thresholds</c>) and its label value in <c>kpi_checkout_threshold</c>.</summary>
public sealed record CheckoutThreshold(string Key, string Label)
{
    public static readonly CheckoutThreshold StoppedMinExpected = new(nameof(CheckoutThresholds.StoppedMinExpected), "stopped_min_expected");
    public static readonly CheckoutThreshold StoppedMaxDeviationRatio = new(nameof(CheckoutThresholds.StoppedMaxDeviationRatio), "stopped_max_deviation_ratio");
    public static readonly CheckoutThreshold StoppedMaxLnTailBound = new(nameof(CheckoutThresholds.StoppedMaxLnTailBound), "stopped_max_ln_tail_bound");
    public static readonly CheckoutThreshold SharpDropMaxZScore = new(nameof(CheckoutThresholds.SharpDropMaxZScore), "sharp_drop_max_zscore");
    public static readonly CheckoutThreshold SharpDropMaxDeviationRatio = new(nameof(CheckoutThresholds.SharpDropMaxDeviationRatio), "sharp_drop_max_deviation_ratio");
    public static readonly CheckoutThreshold DropMaxZScore = new(nameof(CheckoutThresholds.DropMaxZScore), "drop_max_zscore");
    public static readonly CheckoutThreshold DropMaxDeviationRatio = new(nameof(CheckoutThresholds.DropMaxDeviationRatio), "drop_max_deviation_ratio");
    public static readonly CheckoutThreshold DropMinExpected = new(nameof(CheckoutThresholds.DropMinExpected), "drop_min_expected");
}
