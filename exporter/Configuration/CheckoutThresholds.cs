namespace KpiExporter.Configuration;

/// <summary>
/// The checkout alerts' thresholds (section <c>Checkout:Thresholds</c>, overridden per dataset under
/// <c>Checkout:Datasets:&lt;name&gt;:Thresholds</c>). The exporter exports them as <c>kpi_checkout_threshold</c> and
/// the rules compare against that series, so a threshold is set in configuration only. Their defaults are the
/// shipped <c>appsettings.json</c> (rules/tools/judge-hours.py reads the same file); docs/alerting.md explains each.
/// A null value is "not set here": the dataset inherits the default.
/// </summary>
public sealed class CheckoutThresholds
{
    /// <summary>P1 gate: the expected count (median of the baselines) must be at least this for a stop to page.</summary>
    public double? StoppedMinExpected { get; set; }

    /// <summary>P1: today's count at most this far below expected (-0.9 = 10 % of expected or less).</summary>
    public double? StoppedMaxDeviationRatio { get; set; }

    /// <summary>P1: the natural log of the Poisson lower-tail bound at most this (-15: as improbable as a zero hour at 15 expected).</summary>
    public double? StoppedMaxLnTailBound { get; set; }

    /// <summary>P2 CheckoutSharpDrop: z-score at most this.</summary>
    public double? SharpDropMaxZScore { get; set; }

    /// <summary>P2 CheckoutSharpDrop: deviation from expected at most this (-0.5 = half).</summary>
    public double? SharpDropMaxDeviationRatio { get; set; }

    /// <summary>P3 CheckoutDrop: z-score at most this.</summary>
    public double? DropMaxZScore { get; set; }

    /// <summary>P3 CheckoutDrop: deviation from expected at most this.</summary>
    public double? DropMaxDeviationRatio { get; set; }

    /// <summary>P2 and P3 gate: the expected count must be at least this for a drop to alert.</summary>
    public double? DropMinExpected { get; set; }

    /// <summary>Each threshold: its label value in <c>kpi_checkout_threshold{threshold=...}</c>, its key and its value here.</summary>
    public IEnumerable<(CheckoutThreshold Threshold, double? Value)> Entries() =>
    [
        (CheckoutThreshold.StoppedMinExpected, StoppedMinExpected),
        (CheckoutThreshold.StoppedMaxDeviationRatio, StoppedMaxDeviationRatio),
        (CheckoutThreshold.StoppedMaxLnTailBound, StoppedMaxLnTailBound),
        (CheckoutThreshold.SharpDropMaxZScore, SharpDropMaxZScore),
        (CheckoutThreshold.SharpDropMaxDeviationRatio, SharpDropMaxDeviationRatio),
        (CheckoutThreshold.DropMaxZScore, DropMaxZScore),
        (CheckoutThreshold.DropMaxDeviationRatio, DropMaxDeviationRatio),
        (CheckoutThreshold.DropMinExpected, DropMinExpected),
    ];
}
