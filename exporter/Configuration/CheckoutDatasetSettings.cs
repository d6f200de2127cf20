namespace KpiExporter.Configuration;

/// <summary>
/// Settings of one dataset that differ from the section's (<c>Checkout:Datasets:&lt;name&gt;</c>, the name being the
/// file name without extension): a marketplace with 5 checkouts an hour and a shop with 5,000 need different gates.
/// Unset values inherit <c>Checkout:MaxAgeSeconds</c>, <c>Checkout:SilenceThreshold</c>, <c>Checkout:MinExpectedPerHour</c>
/// and <c>Checkout:Thresholds</c>.
/// </summary>
public sealed class CheckoutDatasetSettings
{
    /// <summary>Age of this dataset's file, in seconds, after which it counts as stale.</summary>
    public double? MaxAgeSeconds { get; set; }

    /// <summary>k of the silence alarm for this dataset's export refreshed within the hour.</summary>
    public double? SilenceThreshold { get; set; }

    /// <summary>The silence alarm's rate gate for this dataset, in checkouts per hour.</summary>
    public double? MinExpectedPerHour { get; set; }

    public CheckoutThresholds Thresholds { get; set; } = new();
}
