using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KpiMonitoring.LocalServers;

/// <summary>
/// The real Prometheus (Debian's <c>prometheus</c>) on a free loopback port, with a generated configuration:
/// scrape targets, the project's rule files, short intervals, and optionally an Alertmanager to notify.
/// Storage lives in a temp directory removed on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly string _dir;
    private readonly QueryApi _api;
    private readonly RestartableProcess _process;

    private PrometheusServer(string binary, IReadOnlyList<string> arguments, string dir, Uri baseAddress)
    {
        _process = new RestartableProcess(binary, arguments, "prometheus");
        _dir = dir;
        BaseAddress = baseAddress;
        _api = new QueryApi(baseAddress, "Prometheus");
    }

    public Uri BaseAddress { get; }

    /// <summary>What Prometheus printed, across restarts.</summary>
    public string Output => _process.Output;

    /// <summary>False after <see cref="KillAsync"/> or <see cref="StopAsync"/> until <see cref="RestartAsync"/>.</summary>
    public bool IsRunning => _process.IsRunning;

    /// <summary>
    /// Starts Prometheus scraping <paramref name="targets"/> (host:port) as job <paramref name="job"/>.
    /// <paramref name="alertResendDelay"/>: how soon a firing alert is sent to Alertmanager again (default 1m).
    /// Alerts that fire before Prometheus has discovered Alertmanager (its first seconds) are lost until then.
    /// <paramref name="scrapeConfig"/>: a whole scrape job as YAML (one list item of <c>scrape_configs</c>, e.g. with
    /// TLS and basic auth), used instead of the job made from <paramref name="targets"/>.
    /// <paramref name="replica"/>: one Prometheus of an HA pair (external label, every Alertmanager of a cluster),
    /// instead of <paramref name="alertmanager"/>.
    /// <paramref name="remoteWrite"/>: a long-term store to remote-write every sample to.
    /// <paramref name="monitorStack"/>: also scrape Prometheus itself (job <c>prometheus</c>) and the Alertmanager it
    /// notifies (job <c>alertmanager</c>), as the shipped configurations do for rules/stack.rules.yml.
    /// </summary>
    public static async Task<PrometheusServer> StartAsync(
        IEnumerable<string> targets,
        IEnumerable<string> ruleFiles,
        TimeSpan scrapeInterval,
        TimeSpan evaluationInterval,
        string job = "kpi-exporter",
        string? alertmanager = null,
        string binary = "prometheus",
        TimeSpan? alertResendDelay = null,
        string? scrapeConfig = null,
        PrometheusReplica? replica = null,
        RemoteWriteTarget? remoteWrite = null,
        bool monitorStack = false)
    {
        if (alertmanager is not null && replica is not null)
        {
            throw new ArgumentException("a replica names its Alertmanagers itself; give alertmanager or replica, not both", nameof(replica));
        }

        var dir = Directory.CreateTempSubdirectory("kpi-prometheus-").FullName;
        var port = FreePort.Next();
        var config = new StringBuilder();
        config.AppendLine("global:");
        config.AppendLine(CultureInfo.InvariantCulture, $"  scrape_interval: {Duration(scrapeInterval)}");
        config.AppendLine(CultureInfo.InvariantCulture, $"  scrape_timeout: {Duration(scrapeInterval)}");
        config.AppendLine(CultureInfo.InvariantCulture, $"  evaluation_interval: {Duration(evaluationInterval)}");
        replica?.AppendExternalLabels(config);
        config.AppendLine("rule_files:");
        foreach (var rules in ruleFiles)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"  - '{Path.GetFullPath(rules)}'");
        }

        if (alertmanager is not null)
        {
            config.AppendLine("alerting:");
            config.AppendLine("  alertmanagers:");
            config.AppendLine("    - static_configs:");
            config.AppendLine(CultureInfo.InvariantCulture, $"        - targets: ['{alertmanager}']");
        }

        replica?.AppendAlerting(config);
        if (remoteWrite is not null)
        {
            config.Append(remoteWrite.ToYaml());
        }

        config.AppendLine("scrape_configs:");
        if (scrapeConfig is not null)
        {
            config.AppendLine(scrapeConfig);
        }
        else
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"  - job_name: '{job}'");
            config.AppendLine("    static_configs:");
            config.AppendLine(CultureInfo.InvariantCulture, $"      - targets: [{string.Join(", ", targets.Select(t => $"'{t}'"))}]");
        }

        if (monitorStack)
        {
            config.AppendLine("  - job_name: 'prometheus'");
            config.AppendLine(CultureInfo.InvariantCulture, $"    static_configs: [{{targets: ['127.0.0.1:{port}']}}]");
            IReadOnlyList<string> notified = replica?.Alertmanagers ?? (alertmanager is null ? [] : [alertmanager]);
            if (notified.Count > 0)
            {
                config.AppendLine("  - job_name: 'alertmanager'");
                config.AppendLine(CultureInfo.InvariantCulture, $"    static_configs: [{{targets: [{string.Join(", ", notified.Select(target => $"'{target}'"))}]}}]");
            }
        }
        var configFile = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(configFile, config.ToString());

        return await LaunchAsync(binary, dir, port,
        [
            $"--config.file={configFile}",
            $"--storage.tsdb.path={Path.Combine(dir, "data")}",
            .. alertResendDelay is { } resend ? [$"--rules.alert.resend-delay={Duration(resend)}"] : Array.Empty<string>(),
        ]);
    }

    /// <summary>
    /// Starts Prometheus as a query engine over existing TSDB blocks (a backfill): no scrapes, no rules, and
    /// retention off so that blocks of any age are kept. <paramref name="blocksDirectory"/> is left in place.
    /// <paramref name="lookbackDelta"/>: how far back a query looks for a series' latest sample (Prometheus' default 5m).
    /// </summary>
    public static async Task<PrometheusServer> StartOnBlocksAsync(string blocksDirectory, TimeSpan? lookbackDelta = null, string binary = "prometheus")
    {
        var dir = Directory.CreateTempSubdirectory("kpi-prometheus-").FullName;
        var configFile = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(configFile, "global:\n  evaluation_interval: 1m\n");
        return await LaunchAsync(binary, dir, FreePort.Next(),
        [
            $"--config.file={configFile}",
            $"--storage.tsdb.path={Path.GetFullPath(blocksDirectory)}",
            "--storage.tsdb.retention.time=100y",
            .. lookbackDelta is { } lookback ? [$"--query.lookback-delta={Duration(lookback)}"] : Array.Empty<string>(),
        ]);
    }

    private static async Task<PrometheusServer> LaunchAsync(string binary, string dir, int port, IEnumerable<string> arguments)
    {
        var server = new PrometheusServer(
            binary,
            [
                .. arguments,
                $"--web.listen-address=127.0.0.1:{port}",
                "--web.enable-lifecycle",
                "--log.level=warn",
            ],
            dir,
            new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await server.WaitReadyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Kills Prometheus as a crash would (SIGKILL, no shutdown); its storage stays for <see cref="RestartAsync"/>.</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>
    /// Stops Prometheus with SIGTERM, as a service manager does, leaving its TSDB in place for <see cref="RestartAsync"/>
    /// (which replays the write-ahead log, so the series recorded before the stop are there again).
    /// </summary>
    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(60));

    /// <summary>
    /// Starts Prometheus again on the same port with the same configuration and storage (its WAL and blocks), after
    /// killing it if it still runs, and waits until it is ready.
    /// </summary>
    public async Task RestartAsync()
    {
        await _process.RestartAsync();
        await WaitReadyAsync();
    }

    private Task WaitReadyAsync() => _process.WaitForHttpAsync(new Uri(BaseAddress, "/-/ready"), TimeSpan.FromSeconds(60));

    /// <summary>An instant query; returns the <c>data.result</c> array.</summary>
    public Task<JsonElement> QueryAsync(string promql, DateTimeOffset? at = null) => _api.QueryAsync(promql, at);

    /// <summary>A range query; returns the <c>data.result</c> array (matrix).</summary>
    public Task<JsonElement> QueryRangeAsync(string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step) =>
        _api.QueryRangeAsync(promql, start, end, step);

    /// <summary>The alerts Prometheus holds now (pending and firing).</summary>
    public Task<JsonElement> AlertsAsync() => _api.GetDataAsync("/api/v1/alerts", "alerts");

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Duration(TimeSpan span) =>
        span.TotalSeconds >= 1 && span.TotalSeconds == Math.Floor(span.TotalSeconds)
            ? $"{span.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s"
            : $"{span.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";
}
