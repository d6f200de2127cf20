namespace KpiExporter.Configuration;

/// <summary>How the exporter chooses the hour it judges.</summary>
public enum CheckoutMode
{
    /// <summary>The last completed hour of the wall clock in the configured time zone.</summary>
    Live,

    /// <summary>The day is played in a loop at a configured number of seconds per hour (demos, backtests, tests).</summary>
    Replay,
}
