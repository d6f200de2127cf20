namespace KpiExporter.Configuration;

/// <summary>Replay mode settings: <c>Checkout:Replay:*</c>.</summary>
public sealed class ReplayOptions
{
    /// <summary>Wall-clock seconds one replayed hour lasts.</summary>
    public double SecondsPerHour { get; set; } = 10;

    /// <summary>The hour (0..23) the replay starts at.</summary>
    public int StartHour { get; set; }
}
