using System.Globalization;
using KpiExporter.Configuration;
using KpiExporter.Exposition;

namespace KpiExporter.Sources.Summary;

/// <summary>
/// When the daily summary is due (<c>Checkout:Summary</c>), in the business time zone: the day it reports on as the
/// <c>day</c> label (<c>YYYY-MM-DD</c>; one series a day, the group key Alertmanager sends it under), its local
/// midnight, and the send and end instants of its window. <c>DailySummary</c> (rules/summary.rules.yml) is active
/// inside the window and reads the day's figures from Prometheus; nothing here is a figure.
/// </summary>
internal sealed class DailySummarySeries : IMetricsSource
{
    private static readonly MetricFamily DayStart = MetricFamily.Gauge("kpi_daily_digest_day_start_timestamp_seconds", "Local midnight of the business day the daily summary reports on (Unix seconds).", "day");
    private static readonly MetricFamily Send = MetricFamily.Gauge("kpi_daily_digest_send_timestamp_seconds", "When the day's summary is due: the configured local time on that day (Unix seconds).", "day");
    private static readonly MetricFamily End = MetricFamily.Gauge("kpi_daily_digest_end_timestamp_seconds", "When the day's summary stops being active: the send time plus the configured active minutes (Unix seconds).", "day");

    private readonly DailySummaryOptions _options;
    private readonly ZoneCalendar _calendar;
    private readonly TimeProvider _time;

    public DailySummarySeries(CheckoutOptions checkout, TimeProvider time)
    {
        _options = checkout.Summary;
        _calendar = new ZoneCalendar(TimeZoneResolver.Find(checkout.TimeZone));
        _time = time;
    }

    /// <summary>The occurrence exported now, or null when no summary is configured.</summary>
    public DailySummaryOccurrence? Current() =>
        _options.Enabled ? DailySummaryOccurrence.Current(_options, _calendar, _time.GetUtcNow()) : null;

    public ValueTask WriteAsync(ExpositionWriter writer, CancellationToken cancellationToken)
    {
        if (Current() is not { } occurrence)
        {
            return ValueTask.CompletedTask;
        }

        var day = occurrence.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var families = new MetricFamilies();
        families.Add(DayStart, TextFormat.UnixSeconds(occurrence.DayStart), day);
        families.Add(Send, TextFormat.UnixSeconds(occurrence.Send), day);
        families.Add(End, TextFormat.UnixSeconds(occurrence.End), day);
        return families.WriteToAsync(writer, cancellationToken);
    }
}
