using System.Text;
using KpiExporter.Configuration;
using KpiExporter.Exposition;
using KpiExporter.Judging;
using Microsoft.Extensions.Options;

namespace KpiExporter.Sources.Checkout;

/// <summary>
/// The checkout source's series, rendered at each scrape from the stored days (its snapshot) and the judged hour
/// of that moment: per dataset the judged hour, its count and baselines, the file's time and maximum age, then
/// every hour's count and baselines. The per-hour series are written straight from the parsed rows: with 1,000
/// datasets they are 120,000 series, and one metric object per series doubled the memory and the scrape time.
/// </summary>
internal sealed class CheckoutSeries : IMetricsSource
{
    public const string TodayName = "kpi_checkout_hour_transactions";
    public const string BaselineName = "kpi_checkout_hour_baseline_transactions";

    private static readonly MetricFamily JudgedHour = MetricFamily.Gauge("kpi_checkout_judged_hour", "The hour of the day (0-23) being judged now: the last completed hour in live mode, the replayed hour in replay mode.", "dataset");
    private static readonly MetricFamily Judged = MetricFamily.Gauge("kpi_checkout_judged_hour_transactions", "Today's checkout transactions in the judged hour; absent when the dataset has no row for that hour.", "dataset");
    private static readonly MetricFamily JudgedBaseline = MetricFamily.Gauge("kpi_checkout_judged_hour_baseline_transactions", "Baseline checkout transactions for the judged hour.", "dataset", "baseline");
    private static readonly MetricFamily FileModified = MetricFamily.Gauge("kpi_checkout_file_modified_timestamp_seconds", "Modification time of the dataset's file, as a Unix timestamp.", "dataset");
    private static readonly MetricFamily MaxAge = MetricFamily.Gauge("kpi_checkout_max_age_seconds", "Configured age in seconds after which the dataset's file counts as stale (live mode only).", "dataset");

    private static readonly byte[] TodayHeader = Encoding.UTF8.GetBytes(
        $"# HELP {TodayName} Today's checkout transactions in each hour of the dataset.\n# TYPE {TodayName} gauge\n");

    private static readonly byte[] BaselineHeader = Encoding.UTF8.GetBytes(
        $"# HELP {BaselineName} Baseline checkout transactions for each hour: yesterday, the same day last week, or last week's or last month's average.\n# TYPE {BaselineName} gauge\n");

    private static readonly byte[][] BaselineLabels = BaselineNames.All.Select(b => Encoding.UTF8.GetBytes($"\",baseline=\"{b.Name()}\"}} ")).ToArray();
    private static readonly byte[][] HourLabelBytes = Enumerable.Range(0, 24).Select(h => Encoding.ASCII.GetBytes(HourLabels.Of(h))).ToArray();
    private static readonly byte[] TodaySuffix = "\"} "u8.ToArray();

    private readonly CheckoutDatasetStore _store;
    private readonly JudgedHourClock _clock;
    private readonly bool _exportMaxAge;
    private readonly double _maxAgeSeconds;

    public CheckoutSeries(CheckoutDatasetStore store, JudgedHourClock clock, IOptions<CheckoutOptions> options)
    {
        _store = store;
        _clock = clock;
        _exportMaxAge = options.Value.Mode == CheckoutMode.Live;
        _maxAgeSeconds = options.Value.MaxAgeSeconds;
    }

    public async ValueTask WriteAsync(ExpositionWriter writer, CancellationToken cancellationToken)
    {
        var datasets = _store.All.OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        WriteJudged(writer, datasets, _clock.JudgedHour(), _exportMaxAge ? _maxAgeSeconds : null);
        await WriteHoursAsync(writer, datasets, cancellationToken);
    }

    /// <summary>The per-dataset series: the judged hour and its values, the file's time, the maximum age (live mode).</summary>
    internal static void WriteJudged(ExpositionWriter writer, IReadOnlyList<CheckoutDataset> datasets, int hour, double? maxAgeSeconds)
    {
        var families = new MetricFamilies();
        families.Declare(JudgedHour);
        families.Declare(Judged);
        families.Declare(JudgedBaseline);
        families.Declare(FileModified);
        if (maxAgeSeconds is not null)
        {
            families.Declare(MaxAge);
        }

        foreach (var dataset in datasets)
        {
            var name = dataset.Name;
            families.Add(JudgedHour, hour, name);
            if (dataset.Day[hour] is { } row)
            {
                families.Add(Judged, row.Today, name);
                foreach (var baseline in BaselineNames.All)
                {
                    families.Add(JudgedBaseline, row.BaselineValue(baseline), name, baseline.Name());
                }
            }

            families.Add(FileModified, dataset.FileModified.ToUnixTimeMilliseconds() / 1000.0, name);
            if (maxAgeSeconds is { } maxAge)
            {
                families.Add(MaxAge, maxAge, name);
            }
        }

        families.WriteTo(writer);
    }

    /// <summary>Every hour's count and baselines of every dataset, streamed row by row.</summary>
    internal static async ValueTask WriteHoursAsync(ExpositionWriter writer, IReadOnlyList<CheckoutDataset> datasets, CancellationToken cancellationToken)
    {
        writer.Write(TodayHeader);
        foreach (var dataset in datasets)
        {
            var prefix = SeriesPrefix(TodayName, dataset.Name);
            foreach (var row in dataset.Day.Hours)
            {
                writer.Write(prefix);
                writer.Write(HourLabelBytes[row.Hour]);
                writer.Write(TodaySuffix);
                writer.ValueLine(row.Today);
                await writer.FlushIfFullAsync(cancellationToken);
            }
        }

        writer.Write(BaselineHeader);
        foreach (var dataset in datasets)
        {
            var prefix = SeriesPrefix(BaselineName, dataset.Name);
            foreach (var row in dataset.Day.Hours)
            {
                for (var b = 0; b < BaselineNames.All.Length; b++)
                {
                    writer.Write(prefix);
                    writer.Write(HourLabelBytes[row.Hour]);
                    writer.Write(BaselineLabels[b]);
                    writer.ValueLine(row.BaselineValue(BaselineNames.All[b]));
                }

                await writer.FlushIfFullAsync(cancellationToken);
            }
        }
    }

    private static byte[] SeriesPrefix(string metric, string dataset) =>
        Encoding.UTF8.GetBytes($"{metric}{{dataset=\"{TextFormat.EscapeLabelValue(dataset)}\",hour=\"");
}
