using System.Globalization;
using System.Net.Http.Json;
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
    private ManagedProcess _process;
    private Func<ManagedProcess>? _relaunch;
    private readonly HttpClient _client;

    private PrometheusServer(ManagedProcess process, string dir, Uri baseAddress)
    {
        _process = process;
        _dir = dir;
        BaseAddress = baseAddress;
        _client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseAddress { get; }

    public string Output => _process.Output;

    /// <summary>
    /// Starts Prometheus scraping <paramref name="targets"/> (host:port) as job <paramref name="job"/>.
    /// <paramref name="alertResendDelay"/>: how soon a firing alert is sent to Alertmanager again (default 1m).
    /// Alerts that fire before Prometheus has discovered Alertmanager (its first seconds) are lost until then.
    /// <paramref name="scrapeConfig"/>: a whole scrape job as YAML (one list item of <c>scrape_configs</c>, e.g. with
    /// TLS and basic auth), used instead of the job made from <paramref name="targets"/>.
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
        string? scrapeConfig = null)
    {
        var dir = Directory.CreateTempSubdirectory("kpi-prometheus-").FullName;
        var port = FreePort.Next();
        var config = new StringBuilder();
        config.AppendLine("global:");
        config.AppendLine(CultureInfo.InvariantCulture, $"  scrape_interval: {Duration(scrapeInterval)}");
        config.AppendLine(CultureInfo.InvariantCulture, $"  scrape_timeout: {Duration(scrapeInterval)}");
        config.AppendLine(CultureInfo.InvariantCulture, $"  evaluation_interval: {Duration(evaluationInterval)}");
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
        var fixedArguments = arguments.ToList();
        ManagedProcess Launch() => ManagedProcess.Start(binary,
        [
            .. fixedArguments,
            $"--web.listen-address=127.0.0.1:{port}",
            "--web.enable-lifecycle",
            "--log.level=warn",
        ], name: "prometheus");
        var server = new PrometheusServer(Launch(), dir, new Uri($"http://127.0.0.1:{port}")) { _relaunch = Launch };
        try
        {
            await server._process.WaitForHttpAsync(new Uri(server.BaseAddress, "/-/ready"), TimeSpan.FromSeconds(30));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Stops Prometheus with SIGTERM, leaving its TSDB in place, without starting it again (see <see cref="StartAgainAsync"/>).</summary>
    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(60));

    /// <summary>
    /// Starts a stopped Prometheus again on the same port with the same configuration and TSDB, as a service restart
    /// does: it replays its write-ahead log, so the series recorded before the stop are there again.
    /// </summary>
    public async Task StartAgainAsync()
    {
        await _process.DisposeAsync();
        _process = _relaunch!();
        await _process.WaitForHttpAsync(new Uri(BaseAddress, "/-/ready"), TimeSpan.FromSeconds(60));
    }

    /// <summary>An instant query; returns the <c>data.result</c> array.</summary>
    public async Task<JsonElement> QueryAsync(string promql, DateTimeOffset? at = null)
    {
        var url = "/api/v1/query?query=" + Uri.EscapeDataString(promql);
        if (at is { } time)
        {
            url += "&time=" + (time.ToUnixTimeMilliseconds() / 1000.0).ToString(CultureInfo.InvariantCulture);
        }

        return await GetDataAsync(url, "result");
    }

    /// <summary>A range query; returns the <c>data.result</c> array (matrix).</summary>
    public Task<JsonElement> QueryRangeAsync(string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step)
    {
        var url = "/api/v1/query_range?query=" + Uri.EscapeDataString(promql)
            + "&start=" + Seconds(start) + "&end=" + Seconds(end)
            + "&step=" + step.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        return GetDataAsync(url, "result");
    }

    /// <summary>The alerts Prometheus holds now (pending and firing).</summary>
    public Task<JsonElement> AlertsAsync() => GetDataAsync("/api/v1/alerts", "alerts");

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<JsonElement> GetDataAsync(string url, string field)
    {
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode || body.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"Prometheus answered {(int)response.StatusCode} to {url}: {body}");
        }

        return body.GetProperty("data").GetProperty(field).Clone();
    }

    private static string Duration(TimeSpan span) =>
        span.TotalSeconds >= 1 && span.TotalSeconds == Math.Floor(span.TotalSeconds)
            ? $"{span.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s"
            : $"{span.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";

    private static string Seconds(DateTimeOffset time) => (time.ToUnixTimeMilliseconds() / 1000.0).ToString(CultureInfo.InvariantCulture);
}
