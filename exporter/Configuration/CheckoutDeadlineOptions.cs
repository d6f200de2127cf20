namespace KpiExporter.Configuration;

/// <summary>
/// A deadline for a checkout dataset's file (<c>Checkout:Deadlines:N</c>): today's file must have arrived (modified
/// on today's business date) by <see cref="Time"/>.
/// </summary>
public sealed class CheckoutDeadlineOptions : IDeadlineSchedule
{
    /// <summary>The deadline's name: the <c>deadline</c> label (e.g. <c>shift_export_1131</c>).</summary>
    public string Name { get; set; } = "";

    /// <summary>The dataset (file name without extension) that must arrive.</summary>
    public string Dataset { get; set; } = "";

    public string Time { get; set; } = "";

    public List<DayOfWeek> Weekdays { get; set; } = [];

    public double WarningMinutes { get; set; } = 30;
}
