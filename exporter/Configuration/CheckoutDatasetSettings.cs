namespace KpiExporter.Configuration;

/// <summary>
/// Settings of one dataset that differ from the section's (<c>Checkout:Datasets:&lt;name&gt;</c>, the name being the
/// file name without extension): a marketplace with 5 checkouts an hour and a shop with 5,000 need different gates.
/// Unset values inherit <c>Checkout:MaxAgeSeconds</c> and <c>Checkout:Thresholds</c>.
/// </summary>
public sealed class CheckoutDatasetSettings
{
    /// <summary>Age of this dataset's file, in seconds, after which it counts as stale.</summary>
    public double? MaxAgeSeconds { get; set; }

    public CheckoutThresholds Thresholds { get; set; } = new();
}
