using KpiExporter.Exposition;

namespace KpiExporter.Sources.Checkout;

/// <summary>A validated checkout file: at most one row per hour, indexed by hour.</summary>
internal sealed class CheckoutDay
{
    private readonly CheckoutHour?[] _byHour = new CheckoutHour?[24];
    private byte[]? _valueText;

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

    /// <summary>
    /// Every row's values as the exposition prints them, formatted at the first scrape and kept with the day, which
    /// never changes: per row in hour order, today's count then the baselines in <see cref="BaselineNames.All"/>'s
    /// order, each as its length in one byte and its bytes. Formatting a fractional number is most of the cost of
    /// a per-hour line, and the same numbers were formatted again at every scrape (1,000 datasets: 120,000 values,
    /// for about 1.3 MB kept).
    /// </summary>
    public byte[] ValueText => _valueText ??= FormatValues();

    /// <summary>Sum of today's counts over the hours present.</summary>
    public double TodayTotal => Hours.Sum(h => h.Today);

    private byte[] FormatValues()
    {
        Span<byte> number = stackalloc byte[40];
        var text = new List<byte>(HourCount * 5 * 8);
        foreach (var row in Hours)
        {
            Append(text, number, row.Today);
            foreach (var baseline in BaselineNames.All)
            {
                Append(text, number, row.BaselineValue(baseline));
            }
        }

        return text.ToArray();
    }

    private static void Append(List<byte> text, Span<byte> number, double value)
    {
        var length = TextFormat.FormatNumber(value, number);
        text.Add((byte)length);
        foreach (var b in number[..length])
        {
            text.Add(b);
        }
    }
}
