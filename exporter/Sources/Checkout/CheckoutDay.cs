namespace KpiExporter.Sources.Checkout;

/// <summary>A validated checkout file: at most one row per hour, indexed by hour.</summary>
internal sealed class CheckoutDay
{
    private readonly CheckoutHour?[] _byHour = new CheckoutHour?[24];

    public CheckoutDay(IEnumerable<CheckoutHour> hours)
    {
        foreach (var hour in hours)
        {
            if (_byHour[hour.Hour] is not null)
            {
                throw new ArgumentException($"hour {hour.Hour} appears twice", nameof(hours));
            }

            _byHour[hour.Hour] = hour;
            HourCount++;
        }
    }

    /// <summary>Number of hour rows in the file.</summary>
    public int HourCount { get; }

    /// <summary>The row for an hour, or null when the file has none.</summary>
    public CheckoutHour? this[int hour] => _byHour[hour];

    /// <summary>The rows present, in hour order.</summary>
    public IEnumerable<CheckoutHour> Hours => _byHour.OfType<CheckoutHour>();

    /// <summary>Sum of today's counts over the hours present.</summary>
    public double TodayTotal => Hours.Sum(h => h.Today);
}
