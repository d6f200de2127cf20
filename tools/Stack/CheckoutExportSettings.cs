namespace KpiMonitoring.Stack;

/// <summary>A checkout export refreshed within the hour, played by the feeder (<c>--csv-export</c>) for the live exporter.</summary>
internal sealed record CheckoutExportSettings
{
    /// <summary>The dataset: the file's name without <c>.csv</c>.</summary>
    public string Dataset { get; init; } = "checkout_export";

    /// <summary>Checkouts an hour, at every hour of the day; the baselines say the same.</summary>
    public required double PerHour { get; init; }

    /// <summary>Seconds between two rewrites of the file.</summary>
    public required double RefreshSeconds { get; init; }

    /// <summary>The exporter's <c>Checkout:MaxAgeSeconds</c>: a few refreshes, as for a real export refreshed this often.</summary>
    public double MaxAgeSeconds { get; init; } = 300;
}
