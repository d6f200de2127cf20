namespace KpiExporter.Configuration;

/// <summary>The checkout CSV source: configuration section <c>Checkout</c>.</summary>
public sealed class CheckoutOptions
{
    public const string Section = "Checkout";

    public const long DefaultMaxFileBytes = 1024 * 1024;
    public const int DefaultMaxLineBytes = 64 * 1024;
    public const int DefaultMaxDatasets = 1000;

    /// <summary>The largest <see cref="MaxFileBytes"/> accepted: a file is read into one array.</summary>
    public const long MaxFileBytesLimit = 1024L * 1024 * 1024;

    /// <summary>Directory holding the <c>*.csv</c> / <c>*.tsv</c> datasets. Relative paths resolve against the working directory.</summary>
    public string DataDir { get; set; } = "data";

    public CheckoutMode Mode { get; set; } = CheckoutMode.Live;

    /// <summary>IANA time zone in which live mode reads the wall-clock hour and a file's day.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Safety-net rescan of the data directory, in seconds, besides the file watcher.</summary>
    public double RescanIntervalSeconds { get; set; } = 30;

    /// <summary>Quiet time after the last change event of a file before it is read, in milliseconds.</summary>
    public int DebounceMilliseconds { get; set; } = 250;

    /// <summary>Age of a dataset file, in seconds, after which it counts as stale (exported in live mode only).</summary>
    public double MaxAgeSeconds { get; set; } = 7200;

    /// <summary>
    /// Largest dataset file the exporter reads, in bytes (default 1 MiB; a day of 24 hour rows is about 1 KB). A bigger
    /// file is refused with reason <c>file_too_large</c> without being read, so a load never holds more than this.
    /// </summary>
    public long MaxFileBytes { get; set; } = DefaultMaxFileBytes;

    /// <summary>
    /// Longest line of a dataset file, in bytes without its line break (default 64 KiB). Reading stops at the first
    /// longer line and the file is refused with reason <c>line_too_long</c>, naming the line.
    /// </summary>
    public int MaxLineBytes { get; set; } = DefaultMaxLineBytes;

    /// <summary>
    /// Most dataset files the exporter tracks at once (default 1,000, about 150 series each). Files beyond it are not
    /// read: each is logged once, counted in <c>kpi_checkout_files_over_limit</c>, and the data directory's own
    /// source fails with reason <c>too_many_datasets</c>, so a flood of files cannot multiply the series.
    /// </summary>
    public int MaxDatasets { get; set; } = DefaultMaxDatasets;

    /// <summary>
    /// k for an export refreshed within the hour (live mode): the silence alarm fires when the checkouts expected since
    /// the day's count last rose reach k. Exported as <c>kpi_checkout_silence_threshold_transactions</c>.
    /// </summary>
    public double SilenceThreshold { get; set; } = SilenceAlarm.DefaultThreshold;

    /// <summary>
    /// Below this expected rate (checkouts per hour) the silence alarm stays quiet. Exported in checkouts per second
    /// as <c>kpi_checkout_min_expected_rate_per_second</c>.
    /// </summary>
    public double MinExpectedPerHour { get; set; } = SilenceAlarm.DefaultMinExpectedPerHour;

    public ReplayOptions Replay { get; set; } = new();

    /// <summary>Deadlines by which a dataset's file for the day must have arrived (<c>Checkout:Deadlines:N</c>).</summary>
    public List<CheckoutDeadlineOptions> Deadlines { get; set; } = [];

    /// <summary>When the daily summary goes out (<c>Checkout:Summary</c>); off by default.</summary>
    public DailySummaryOptions Summary { get; set; } = new();

    /// <summary>The checkout alerts' thresholds for every dataset (defaults in the shipped appsettings.json).</summary>
    public CheckoutThresholds Thresholds { get; set; } = new();

    /// <summary>Per-dataset settings that differ from the above, by dataset name (the file name without extension; case-insensitive, like every configuration key).</summary>
    public Dictionary<string, CheckoutDatasetSettings> Datasets { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The maximum file age of <paramref name="dataset"/>: its own setting, else <see cref="MaxAgeSeconds"/>.</summary>
    public double MaxAgeFor(string dataset) =>
        Datasets.TryGetValue(dataset, out var own) && own.MaxAgeSeconds is { } seconds ? seconds : MaxAgeSeconds;

    /// <summary>The silence alarm's k for <paramref name="dataset"/>: its own setting, else <see cref="SilenceThreshold"/>.</summary>
    public double SilenceThresholdFor(string dataset) =>
        Datasets.TryGetValue(dataset, out var own) && own.SilenceThreshold is { } k ? k : SilenceThreshold;

    /// <summary>The silence alarm's rate gate for <paramref name="dataset"/>: its own setting, else <see cref="MinExpectedPerHour"/>.</summary>
    public double MinExpectedPerHourFor(string dataset) =>
        Datasets.TryGetValue(dataset, out var own) && own.MinExpectedPerHour is { } gate ? gate : MinExpectedPerHour;

    /// <summary>The thresholds of <paramref name="dataset"/>: its own where set, else the section's; unset ones are left out.</summary>
    public IEnumerable<(CheckoutThreshold Threshold, double Value)> ThresholdsFor(string dataset)
    {
        var own = Datasets.TryGetValue(dataset, out var settings) ? settings.Thresholds.Entries().ToDictionary(e => e.Threshold, e => e.Value) : null;
        foreach (var (threshold, fallback) in Thresholds.Entries())
        {
            if ((own?[threshold] ?? fallback) is { } value)
            {
                yield return (threshold, value);
            }
        }
    }

    /// <summary>The data directory as an absolute path.</summary>
    public string FullDataDir => Path.GetFullPath(DataDir);
}
