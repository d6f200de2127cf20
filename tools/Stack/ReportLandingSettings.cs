namespace KpiMonitoring.Stack;

/// <summary>
/// The morning report's SLA ("the day's data landed by 07:30") moved onto the stack's own clock, so that one run
/// shows the whole sequence: a table deadline on <see cref="Table"/> (empty at start) that is at risk
/// <see cref="WarningAfter"/> after the exporter starts, missed at <see cref="DueAfter"/>, and met (the P1
/// resolves) when the feeder loads the last day into the table at <see cref="LandsAfter"/>.
/// </summary>
internal sealed record ReportLandingSettings
{
    /// <summary>The deadline's name (the <c>deadline</c> label).</summary>
    public string Deadline { get; init; } = "morning_report_demo";

    /// <summary>The table the report reads: created empty, with the columns of the feeder's table.</summary>
    public string Table { get; init; } = "morning_report";

    public TimeSpan WarningAfter { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan DueAfter { get; init; } = TimeSpan.FromMinutes(3);

    public TimeSpan LandsAfter { get; init; } = TimeSpan.FromMinutes(4);
}
