using System.Globalization;
using System.Text.Json;
using KpiMonitoring.Dashboards.Tests.Support;
using KpiMonitoring.Stack;
using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Dashboards.Tests.Live;

/// <summary>
/// The whole stack, started once for the live dashboard tests exactly as `make demo` starts it (tools/Stack): a
/// throw-away PostgreSQL with the reference schema, seeded by the feeder with eight days of transactions (so every
/// revenue window, last week's included, has rows) and a few negative amounts; the real exporter replaying the
/// bundled checkout days and querying that database; the real Prometheus scraping it with the project's rules.
/// <para>
/// Replay starts at 13h at 2 s per hour, so checkout_2's stop (15h-17h) fires CheckoutZeroTransactions a few
/// seconds in; the negative amounts fire NegativeAmountRows, the duplicated order references DuplicateKeys and the
/// NULL customers RequiredColumnNulls (pending: it waits 10 minutes); a malformed third dataset file gives the
/// exporter-health panels about failing sources and errors by reason something to show.
/// </para>
/// <para>
/// Every query is evaluated at one instant, <see cref="At"/>, the moment all of that was visible in Prometheus:
/// the replay moves on every 2 s and the answer must not depend on when a test happens to run.
/// </para>
/// </summary>
public sealed class LivePrometheus : IAsyncLifetime
{
    public const string Dataset = "checkout_2";

    /// <summary>The malformed dataset file (a header without the baseline columns): rejected on every load.</summary>
    public const string BrokenDataset = "broken_export";

    /// <summary>The table of the reference schema, and the logical name of every database check on it.</summary>
    public const string Table = "transactions";

    /// <summary>The other replayed dataset, given a P2 z-score line of its own (the shipped one is -3).</summary>
    public const string OverriddenDataset = "checkout_1";

    public const double OverriddenSharpDropMaxZScore = -4;

    /// <summary>Readiness: every condition must return data at the same instant before the tests query.</summary>
    private static readonly string[] ReadyWhen =
    [
        $"dataset:checkout_transactions:zscore{{dataset=\"{Dataset}\"}}",
        $"dataset:checkout_transactions:deviation_ratio{{dataset=\"{Dataset}\"}}",
        $"dataset_baseline:checkout_transactions:ratio_day_so_far{{dataset=\"{Dataset}\"}}",
        $"ALERTS{{alertstate=\"firing\", dataset=\"{Dataset}\"}}",
        $"kpi_source_errors_total{{source=\"{BrokenDataset}\"}}",
        $"table:kpi_table_last_row_age:seconds{{table=\"{Table}\"}}",
        $"kpi_table_rows_today{{table=\"{Table}\"}}",
        $"table:revenue_hour_amount:ratio_same_hour_last_week{{table=\"{Table}\"}}",
        $"kpi_revenue_last_hour_status_transactions{{table=\"{Table}\"}}",
        $"kpi_data_quality_null_rows{{table=\"{Table}\"}}",
        $"table:revenue_silence_alarm:seconds{{table=\"{Table}\"}}",
        $"ALERTS{{alertstate=\"firing\", alertname=\"NegativeAmountRows\", table=\"{Table}\"}}",
        $"ALERTS{{alertstate=\"firing\", alertname=\"DuplicateKeys\", table=\"{Table}\"}}",
        $"ALERTS{{alertname=\"RequiredColumnNulls\", table=\"{Table}\"}}",
        $"kpi_table_schema_columns{{table=\"{Table}\"}}",
        $"kpi_table_rows_so_far{{table=\"{Table}\", weeks_ago=\"1\"}}",
        // Enough scrapes for rate() over $__rate_interval (10 s) and increase() over $__range.
        "count_over_time(up{job=\"kpi-exporter\"}[10s]) >= 4",
    ];

    private string? _workDirectory;
    private LocalStack? _stack;

    public PrometheusServer Prometheus => _stack?.Prometheus ?? throw new InvalidOperationException("not started");

    /// <summary>The instant every query is evaluated at.</summary>
    public DateTimeOffset At { get; private set; }

    /// <summary>Template variable values, as Grafana would substitute them.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["dataset"] = Dataset,
        ["database"] = ".+",
        ["table"] = Table,
        ["datasource"] = "prometheus",
    };

    public string Logs =>
        $"feeder:{Environment.NewLine}{_stack?.Feeder?.Output}{Environment.NewLine}" +
        $"exporter:{Environment.NewLine}{_stack?.Exporter?.Output}{Environment.NewLine}" +
        $"prometheus:{Environment.NewLine}{_stack?.Prometheus?.Output}";

    /// <summary>
    /// The stack of `make demo` (tools/Stack), with the feeder at 50 times checkout_1's hourly averages (so even the
    /// quietest night hour has rows in every revenue window) and 3 rows with negative amounts, and a malformed
    /// third dataset file next to the two real days.
    /// </summary>
    public async Task InitializeAsync()
    {
        try
        {
            _workDirectory = Directory.CreateTempSubdirectory("kpi-dashboards-").FullName;
            var broken = Path.Combine(_workDirectory, BrokenDataset + ".csv");
            await File.WriteAllTextAsync(broken, "time,today\n00h,1\n");
            _stack = await LocalStack.StartAsync(
                new StackOptions
                {
                    WorkDirectory = Path.Combine(_workDirectory, "stack"),
                    DataFiles = [RepoPaths.DataFile("checkout_2.csv"), RepoPaths.DataFile("checkout_1.csv"), broken],
                    SecondsPerHour = 2,
                    StartHour = 13,
                    FeederScale = 50,
                    FeederArguments = ["--bad-rows", "3", "--duplicate-rows", "2", "--null-rows", "4", "--null-column", "customer_id"],
                    DatabaseIntervalSeconds = 1,

                    // Two-hour slots: even the quietest hour of the shape holds sales in the one week of history.
                    RevenueStreams = [new RevenueStreamSettings { HistoryWeeks = 1, SlotSeconds = 7200 }],

                    // One dataset's threshold differs from the shipped default, as Checkout:Datasets:<name> sets it.
                    ExporterEnvironment = new Dictionary<string, string>
                    {
                        [$"Checkout__Datasets__{OverriddenDataset}__Thresholds__SharpDropMaxZScore"] =
                            OverriddenSharpDropMaxZScore.ToString(CultureInfo.InvariantCulture),
                    },
                },
                TextWriter.Null);

            // Normally a few seconds. On a machine too slow to catch the first pass through 15h-17h, the replay
            // comes round again 48 s later.
            At = await WaitUntilReadyAsync(TimeSpan.FromSeconds(75));
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A dashboard query with its template variables substituted, evaluated at <see cref="At"/>.</summary>
    public Task<JsonElement> QueryAsync(string dashboardExpr) =>
        Prometheus.QueryAsync(TemplateVariables.Substitute(dashboardExpr, Variables), At);

    /// <summary>A dashboard query with another dataset selected, evaluated at <see cref="At"/>.</summary>
    public Task<JsonElement> QueryForDatasetAsync(string dashboardExpr, string dataset) =>
        Prometheus.QueryAsync(
            TemplateVariables.Substitute(dashboardExpr, new Dictionary<string, string>(Variables, StringComparer.Ordinal) { ["dataset"] = dataset }),
            At);

    /// <summary>Stops everything that was started; safe to call twice (after a failed start, then by xUnit).</summary>
    public async Task DisposeAsync()
    {
        if (_stack is { } stack)
        {
            _stack = null;
            await stack.DisposeAsync();
        }

        if (_workDirectory is { } work)
        {
            _workDirectory = null;
            Directory.Delete(work, recursive: true);
        }
    }

    private async Task<DateTimeOffset> WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var missing = ReadyWhen.ToList();
        while (DateTime.UtcNow < deadline)
        {
            var at = DateTimeOffset.UtcNow;
            missing.Clear();
            foreach (var condition in ReadyWhen)
            {
                if ((await Prometheus.QueryAsync(condition, at)).GetArrayLength() == 0)
                {
                    missing.Add(condition);
                }
            }

            if (missing.Count == 0)
            {
                return at;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException(string.Create(
            CultureInfo.InvariantCulture,
            $"within {timeout.TotalSeconds} s these never returned data: {string.Join("; ", missing)}{Environment.NewLine}{Logs}"));
    }
}

[CollectionDefinition(Name)]
public sealed class LivePrometheusCollectionDefinition : ICollectionFixture<LivePrometheus>
{
    public const string Name = "live stack";
}
