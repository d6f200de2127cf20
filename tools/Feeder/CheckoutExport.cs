using System.Globalization;
using System.Text;
using KpiExporter.Sources.Checkout;

namespace KpiMonitoring.Feeder;

/// <summary>
/// Export mode (<c>--csv-export FILE</c>): instead of the database, the feeder plays an export refreshed more often
/// than hourly. Every <c>--refresh-seconds</c> it rewrites FILE as a checkout CSV of today: one row per local hour
/// up to the running one, today's count being the transactions generated in that hour so far (Poisson at the
/// shape's rate times <c>--speed</c>, none during an outage) and the four baselines the shape's rate. Hours of
/// today before the feeder started hold their expected count (rounded), the hour it started in the expected share
/// of the part before it, so the hourly alerts see a normal day. The file is written beside FILE and renamed over
/// it, its modification time set to the instant the counts end: the time the data covers until (docs/alerting.md,
/// "Checkout exports refreshed within the hour").
/// </summary>
internal sealed class CheckoutExport
{
    private static readonly string Header = $"time,{CheckoutCsvParser.TodayColumn},{string.Join(',', BaselineNames.All.Select(b => b.Name()))}";

    private readonly string _path;
    private readonly DailyShape _shape;
    private readonly TimeZoneInfo _zone;
    private readonly double[] _today = new double[24];
    private DateTime _day;

    public CheckoutExport(string path, DailyShape shape, TimeZoneInfo zone, DateTimeOffset start)
    {
        _path = Path.GetFullPath(path);
        _shape = shape;
        _zone = zone;
        var local = TimeZoneInfo.ConvertTime(start, zone);
        _day = local.Date;
        for (var h = 0; h < local.Hour; h++)
        {
            _today[h] = Math.Round(shape.PerHour(h));
        }

        _today[local.Hour] = Math.Round(shape.PerHour(local.Hour) * (local.TimeOfDay - TimeSpan.FromHours(local.Hour)).TotalHours);
    }

    /// <summary>Today's count so far, over every hour.</summary>
    public double DayTotal => _today.Sum();

    /// <summary>Counts the transactions generated in [from, to) (in time order) and rewrites the file as of <paramref name="to"/>.</summary>
    public void Refresh(IEnumerable<GeneratedTransaction> generated, DateTimeOffset to)
    {
        var localTo = TimeZoneInfo.ConvertTime(to, _zone);
        foreach (var transaction in generated)
        {
            var local = TimeZoneInfo.ConvertTime(transaction.CreatedAt, _zone);
            if (local.Date == _day)
            {
                _today[local.Hour]++;
            }
        }

        if (localTo.Date != _day)
        {
            // A new day: its file starts from hour 00; the last moments of yesterday are not carried over.
            Array.Clear(_today);
            _day = localTo.Date;
        }

        Write(localTo.Hour, to);
    }

    private void Write(int runningHour, DateTimeOffset coveredUntil)
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var h = 0; h <= runningHour; h++)
        {
            var baseline = _shape.PerHour(h).ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{h:00}h,{_today[h]},{baseline},{baseline},{baseline},{baseline}\n");
        }

        // Not *.csv: the exporter must never read the half-written file as a dataset.
        var temporary = _path + ".writing";
        File.WriteAllText(temporary, text.ToString());
        File.SetLastWriteTimeUtc(temporary, coveredUntil.UtcDateTime);
        File.Move(temporary, _path, overwrite: true);
    }
}
