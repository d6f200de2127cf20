using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Stack;

/// <summary>What the local stack runs and how fast.</summary>
internal sealed record StackOptions
{
    /// <summary>Where the stack keeps its files (rendered config, secrets, data copies, notifications).</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>Checkout days the exporter replays (each file is a dataset).</summary>
    public IReadOnlyList<string> DataFiles { get; init; } = [];

    public double SecondsPerHour { get; init; } = 10;

    public int StartHour { get; init; }

    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan EvaluationInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Alertmanager's shipped route timers run this many times faster (1 = as shipped).</summary>
    public int RouteTimerDivisor { get; init; } = 1;

    /// <summary>
    /// Two Prometheus replicas (external label replica=a, b) sending to two Alertmanagers clustered over loopback,
    /// instead of one of each (docs/architecture.md, "High availability").
    /// </summary>
    public bool HighAvailability { get; init; }

    /// <summary>The Alertmanager cluster's gossip timings, with <see cref="HighAvailability"/>.</summary>
    public AlertmanagerGossip Gossip { get; init; } = AlertmanagerGossip.Defaults;

    /// <summary>How soon Prometheus sends a firing alert again (see <see cref="LocalStack.AlertResendDelay"/>).</summary>
    public TimeSpan AlertResendDelay { get; init; } = LocalStack.AlertResendDelay;

    /// <summary>Run PostgreSQL with the feeder and the exporter's database checks.</summary>
    public bool Database { get; init; } = true;

    public int BackfillDays { get; init; } = 8;

    public double FeederScale { get; init; } = 1;

    /// <summary>Extra feeder arguments, e.g. an outage: <c>--outage-minutes 120 --outage-ago-minutes 120</c>.</summary>
    public IReadOnlyList<string> FeederArguments { get; init; } = [];

    /// <summary>Seconds between two runs of each database check.</summary>
    public int DatabaseIntervalSeconds { get; init; } = 5;

    /// <summary>
    /// A checkout export refreshed within the hour instead of replayed days and the database: the feeder rewrites
    /// the dataset's file (<c>--csv-export</c>) and the exporter runs in live mode. Null: the replayed stack.
    /// </summary>
    public CheckoutExportSettings? CheckoutExport { get; init; }

    /// <summary>Revenue-stream checks on the feeder's table (the fast silence alarm); none by default.</summary>
    public IReadOnlyList<RevenueStreamSettings> RevenueStreams { get; init; } = [];

    /// <summary>
    /// Extra exporter settings as environment variables (<c>Checkout__Datasets__name__Thresholds__DropMaxZScore</c>),
    /// applied after the stack's own.
    /// </summary>
    public IReadOnlyDictionary<string, string> ExporterEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// An exporter settings file (JSON, the shape of appsettings.json) the stack passes with <c>--config</c>, after
    /// adding the times below; null: none (unless the times below need one).
    /// </summary>
    public string? ExporterSettings { get; init; }

    /// <summary>
    /// The daily summary this long after the exporter starts (<c>Checkout:Summary:Time</c> in the business time
    /// zone), active for <see cref="SummaryActive"/>; null: as the settings say.
    /// </summary>
    public TimeSpan? SummaryAfter { get; init; }

    public TimeSpan SummaryActive { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The morning report's SLA on the stack's clock (needs the database); null: none.</summary>
    public ReportLandingSettings? ReportLanding { get; init; }
}
