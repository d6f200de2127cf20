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
    private static readonly MetricFamily Threshold = MetricFamily.Gauge("kpi_checkout_threshold", "Configured threshold of the checkout alerts for the dataset (Checkout:Thresholds, overridden by Checkout:Datasets:<name>:Thresholds); the rules compare against it.", "dataset", "threshold");
    private static readonly MetricFamily CoveredUntil = MetricFamily.Gauge("kpi_checkout_file_covered_until_timestamp_seconds", "End of the last hour the dataset's file has a row for, on the business day of the file's modification time, as a Unix timestamp (live mode only).", "dataset");

    private static readonly MetricFamily SilenceThreshold = MetricFamily.Gauge("kpi_checkout_silence_threshold_transactions", "Configured k: the silence alarm of an export refreshed within the hour fires when the checkouts expected since the day's count last rose reach this number (chance e^-k by luck; live mode only).", "dataset");
    private static readonly MetricFamily MinExpectedRate = MetricFamily.Gauge("kpi_checkout_min_expected_rate_per_second", "Configured minimum expected rate, in checkouts per second, below which the silence alarm stays quiet (live mode only).", "dataset");
    private static readonly MetricFamily PartialCount = MetricFamily.Gauge("kpi_checkout_partial_hour_transactions", "Today's checkout transactions so far in the hour still running at the file's time; absent unless the file's last row is that hour (an export refreshed within the hour; live mode only).", "dataset");
    private static readonly MetricFamily PartialBaseline = MetricFamily.Gauge("kpi_checkout_partial_hour_baseline_transactions", "Baseline checkout transactions for the whole of the hour still running at the file's time (live mode only).", "dataset", "baseline");
    private static readonly MetricFamily PartialStart = MetricFamily.Gauge("kpi_checkout_partial_hour_start_timestamp_seconds", "Start of the hour still running at the file's time, as a Unix timestamp (live mode only).", "dataset");
    private static readonly MetricFamily PartialCoveredUntil = MetricFamily.Gauge("kpi_checkout_partial_hour_covered_until_timestamp_seconds", "The time the partial hour's count covers until (the file's modification time), as a Unix timestamp (live mode only).", "dataset");
    private static readonly MetricFamily LastIncrease = MetricFamily.Gauge("kpi_checkout_last_increase_timestamp_seconds", "Covered-until time of the first refresh today that showed the day's current count: the last checkout happened at or before it. Restarts with the day and with the exporter (live mode only).", "dataset");

    private static readonly MetricFamily FilesOverLimit = MetricFamily.Gauge("kpi_checkout_files_over_limit", "Dataset files in the data directory that are not loaded because Checkout:MaxDatasets files are already tracked (each is logged once).");
    private static readonly MetricFamily MaxDatasets = MetricFamily.Gauge("kpi_checkout_max_datasets", "Configured maximum number of dataset files tracked at once (Checkout:MaxDatasets).");

    private static readonly byte[] TodayHeader = Encoding.UTF8.GetBytes(
        $"# HELP {TodayName} Today's checkout transactions in each hour of the dataset.\n# TYPE {TodayName} gauge\n");

    private static readonly byte[] BaselineHeader = Encoding.UTF8.GetBytes(
        $"# HELP {BaselineName} Baseline checkout transactions for each hour: yesterday, the same day last week, or last week's or last month's average.\n# TYPE {BaselineName} gauge\n");

    private static readonly byte[][] BaselineLabels = BaselineNames.All.Select(b => Encoding.UTF8.GetBytes($"\",baseline=\"{b.Name()}\"}} ")).ToArray();
    private static readonly byte[][] HourLabelBytes = Enumerable.Range(0, 24).Select(h => Encoding.ASCII.GetBytes(HourLabels.Of(h))).ToArray();
    private static readonly byte[] TodaySuffix = "\"} "u8.ToArray();

    private readonly CheckoutDatasetStore _store;
    private readonly JudgedHourClock _clock;
    private readonly TimeProvider _time;
    private readonly LiveFigures? _live;
    private readonly CheckoutOptions _options;

    public CheckoutSeries(CheckoutDatasetStore store, JudgedHourClock clock, TimeProvider time, IOptions<CheckoutOptions> options)
    {
        _store = store;
        _clock = clock;
        _time = time;
        _options = options.Value;
        _live = options.Value.Mode == CheckoutMode.Live
            ? new LiveFigures(options.Value, new ZoneCalendar(TimeZoneResolver.Find(options.Value.TimeZone)))
            : null;
    }

    public async ValueTask WriteAsync(ExpositionWriter writer, CancellationToken cancellationToken)
    {
        var datasets = _store.All.OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        var directory = new MetricFamilies();
        directory.Add(FilesOverLimit, _store.FilesOverLimit);
        directory.Add(MaxDatasets, _options.MaxDatasets);
        await directory.WriteToAsync(writer, cancellationToken);
        await WriteJudgedAsync(writer, datasets, _clock.JudgedHour(), _live, _options, cancellationToken);
        await WriteHoursAsync(writer, datasets, cancellationToken);
    }

    /// <summary>
    /// Live mode: a file not modified within its maximum age is STALE; a file modified in time whose rows end more
    /// than the maximum age ago (an export that rewrites the file without the new hours) is INCOMPLETE.
    /// </summary>
    public IEnumerable<SourceCondition> Conditions()
    {
        if (_live is null)
        {
            yield break;
        }

        var now = _time.GetUtcNow();
        foreach (var dataset in _store.All.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            var maxAge = TimeSpan.FromSeconds(_live.Options.MaxAgeFor(dataset.Name));
            var age = now - dataset.FileModified;
            if (age > maxAge)
            {
                yield return new SourceCondition(CheckoutFileLoader.Kind, dataset.Name, SourceCondition.Stale, $"file last modified {Duration(age)} ago (maximum {Duration(maxAge)}); judged on old numbers");
                continue;
            }

            if (_live.CoveredUntil(dataset) is { } covered && now - covered > maxAge)
            {
                var last = dataset.Day.Hours.Last().Hour;
                yield return new SourceCondition(CheckoutFileLoader.Kind, dataset.Name, SourceCondition.Incomplete, $"the file's last hour row is {last:00}h, which ended {Duration(now - covered)} ago (maximum {Duration(maxAge)}); later hours cannot be judged");
            }
        }
    }

    /// <summary>
    /// The per-dataset series: the judged hour and its values, the file's time, the alert thresholds; live mode adds
    /// the maximum age and the hours covered.
    /// </summary>
    internal static ValueTask WriteJudgedAsync(ExpositionWriter writer, IReadOnlyList<CheckoutDataset> datasets, int hour, LiveFigures? live, CheckoutOptions options, CancellationToken cancellationToken)
    {
        var families = new MetricFamilies();
        families.Declare(JudgedHour);
        families.Declare(Judged);
        families.Declare(JudgedBaseline);
        families.Declare(FileModified);
        families.Declare(Threshold);
        if (live is not null)
        {
            families.Declare(MaxAge);
            families.Declare(CoveredUntil);
            families.Declare(SilenceThreshold);
            families.Declare(MinExpectedRate);
            families.Declare(PartialCount);
            families.Declare(PartialBaseline);
            families.Declare(PartialStart);
            families.Declare(PartialCoveredUntil);
            families.Declare(LastIncrease);
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

            families.Add(FileModified, Seconds(dataset.FileModified), name);
            foreach (var (threshold, value) in options.ThresholdsFor(name))
            {
                families.Add(Threshold, value, name, threshold.Label);
            }

            if (live is not null)
            {
                families.Add(MaxAge, live.Options.MaxAgeFor(name), name);
                if (live.CoveredUntil(dataset) is { } covered)
                {
                    families.Add(CoveredUntil, Seconds(covered), name);
                }

                families.Add(SilenceThreshold, live.Options.SilenceThresholdFor(name), name);
                families.Add(MinExpectedRate, live.Options.MinExpectedPerHourFor(name) / 3600, name);
                if (dataset.Partial is { } partial && dataset.Day[partial.Hour] is { } running)
                {
                    families.Add(PartialCount, running.Today, name);
                    foreach (var baseline in BaselineNames.All)
                    {
                        families.Add(PartialBaseline, running.BaselineValue(baseline), name, baseline.Name());
                    }

                    families.Add(PartialStart, Seconds(partial.HourStart), name);
                    families.Add(PartialCoveredUntil, Seconds(partial.CoveredUntil), name);
                    families.Add(LastIncrease, Seconds(partial.LastIncrease), name);
                }
            }
        }

        return families.WriteToAsync(writer, cancellationToken);
    }

    /// <summary>
    /// Every hour's count and baselines of every dataset, streamed row by row, the values from the day's
    /// <see cref="CheckoutDay.ValueText"/>.
    /// </summary>
    internal static async ValueTask WriteHoursAsync(ExpositionWriter writer, IReadOnlyList<CheckoutDataset> datasets, CancellationToken cancellationToken)
    {
        writer.Write(TodayHeader);
        foreach (var dataset in datasets)
        {
            var prefix = SeriesPrefix(TodayName, dataset.Name);
            var values = dataset.Day.ValueText;
            var at = 0;
            foreach (var row in dataset.Day.Hours)
            {
                writer.Write(prefix);
                writer.Write(HourLabelBytes[row.Hour]);
                writer.Write(TodaySuffix);
                at = WriteValue(writer, values, at);
                for (var b = 0; b < BaselineNames.All.Length; b++)
                {
                    at = Skip(values, at);
                }

                await writer.FlushIfFullAsync(cancellationToken);
            }
        }

        writer.Write(BaselineHeader);
        foreach (var dataset in datasets)
        {
            var prefix = SeriesPrefix(BaselineName, dataset.Name);
            var values = dataset.Day.ValueText;
            var at = 0;
            foreach (var row in dataset.Day.Hours)
            {
                at = Skip(values, at);
                for (var b = 0; b < BaselineNames.All.Length; b++)
                {
                    writer.Write(prefix);
                    writer.Write(HourLabelBytes[row.Hour]);
                    writer.Write(BaselineLabels[b]);
                    at = WriteValue(writer, values, at);
                }

                await writer.FlushIfFullAsync(cancellationToken);
            }
        }
    }

    /// <summary>Writes the value at <paramref name="at"/> in a <see cref="CheckoutDay.ValueText"/> and returns where the next one starts.</summary>
    private static int WriteValue(ExpositionWriter writer, byte[] values, int at)
    {
        writer.ValueLine(values.AsSpan(at + 1, values[at]));
        return Skip(values, at);
    }

    private static int Skip(byte[] values, int at) => at + 1 + values[at];

    private static double Seconds(DateTimeOffset instant) => TextFormat.UnixSeconds(instant);

    private static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes:00}m" : $"{span.Minutes}m {span.Seconds:00}s";

    private static byte[] SeriesPrefix(string metric, string dataset) =>
        Encoding.UTF8.GetBytes($"{metric}{{dataset=\"{TextFormat.EscapeLabelValue(dataset)}\",hour=\"");
}

/// <summary>What live mode adds to the checkout series: each dataset's maximum age, the business calendar of the hours covered and the silence alarm's k and rate gate.</summary>
internal sealed record LiveFigures(CheckoutOptions Options, ZoneCalendar Calendar)
{
    /// <summary>End of the last hour row, on the business day of the file's modification time; null without rows.</summary>
    public DateTimeOffset? CoveredUntil(CheckoutDataset dataset)
    {
        var last = dataset.Day.Hours.LastOrDefault();
        if (last is null)
        {
            return null;
        }

        var day = TimeZoneInfo.ConvertTime(dataset.FileModified, Calendar.Zone).Date;
        return Calendar.ToInstant(day.AddHours(last.Hour + 1));
    }
}
