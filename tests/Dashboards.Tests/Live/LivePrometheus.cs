using System.Globalization;
using System.Text.Json;
using KpiMonitoring.Dashboards.Tests.Support;
using KpiMonitoring.TestSupport;

namespace KpiMonitoring.Dashboards.Tests.Live;

/// <summary>
/// The real exporter replaying the bundled checkout days, scraped by the real Prometheus with the project's rules,
/// started once for the live dashboard tests. Replay starts at 13h at 2 s per hour, so checkout_2's stop (15h-17h)
/// fires CheckoutZeroTransactions a few seconds in. A third file in the data directory is malformed, so the
/// exporter-health panels about failing sources and errors by reason have something to show.
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

    /// <summary>Readiness: every condition must return data at the same instant before the tests query.</summary>
    private static readonly string[] ReadyWhen =
    [
        $"dataset:checkout_transactions:zscore{{dataset=\"{Dataset}\"}}",
        $"dataset:checkout_transactions:deviation_ratio{{dataset=\"{Dataset}\"}}",
        $"ALERTS{{alertstate=\"firing\", dataset=\"{Dataset}\"}}",
        $"kpi_source_errors_total{{source=\"{BrokenDataset}\"}}",
        // Enough scrapes for rate() over $__rate_interval (10 s) and increase() over $__range.
        "count_over_time(up{job=\"kpi-exporter\"}[10s]) >= 4",
    ];

    private string? _dataDirectory;
    private ExporterProcess? _exporter;
    private PrometheusServer? _prometheus;

    public PrometheusServer Prometheus => _prometheus ?? throw new InvalidOperationException("not started");

    public ExporterProcess Exporter => _exporter ?? throw new InvalidOperationException("not started");

    /// <summary>The instant every query is evaluated at.</summary>
    public DateTimeOffset At { get; private set; }

    /// <summary>Template variable values, as Grafana would substitute them.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["dataset"] = Dataset,
        ["datasource"] = "prometheus",
        // revenue-freshness's "All": no table exists without PostgreSQL (see DashboardQueryTests).
        ["table"] = ".+",
    };

    public async Task InitializeAsync()
    {
        try
        {
            _dataDirectory = Directory.CreateTempSubdirectory("kpi-dashboards-data-").FullName;
            foreach (var file in new[] { "checkout_2.csv", "checkout_1.csv" })
            {
                File.Copy(RepoPaths.DataFile(file), Path.Combine(_dataDirectory, file));
            }

            await File.WriteAllTextAsync(Path.Combine(_dataDirectory, BrokenDataset + ".csv"), "time,today\n00h,1\n");

            _exporter = await ExporterProcess.StartAsync(
                ["--data-dir", _dataDirectory, "--mode", "Replay", "--seconds-per-hour", "2", "--start-hour", "13"]);
            _prometheus = await PrometheusServer.StartAsync(
                [_exporter.Target], RepoPaths.RuleFiles, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            At = await WaitUntilReadyAsync(TimeSpan.FromSeconds(45));
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

    public string Logs =>
        $"exporter:{Environment.NewLine}{_exporter?.Output}{Environment.NewLine}prometheus:{Environment.NewLine}{_prometheus?.Output}";

    public async Task DisposeAsync()
    {
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
        }

        if (_exporter is not null)
        {
            await _exporter.DisposeAsync();
        }

        if (_dataDirectory is not null && Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
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

        throw new TimeoutException(
            string.Create(CultureInfo.InvariantCulture, $"within {timeout.TotalSeconds} s these never returned data: {string.Join("; ", missing)}{Environment.NewLine}{Logs}"));
    }
}

[CollectionDefinition(Name)]
public sealed class LivePrometheusCollectionDefinition : ICollectionFixture<LivePrometheus>
{
    public const string Name = "live stack";
}
