using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KpiMonitoring.LocalServers;

/// <summary>
/// The real Alertmanager (Debian's prometheus-alertmanager, or alertmanager from PATH) on a free loopback port,
/// with a given configuration file and a fresh storage directory; alone, or one member of a cluster
/// (<see cref="AlertmanagerCluster"/>). It can be killed, stopped and restarted on the same ports with the same
/// storage. Killed and its storage deleted on dispose.
/// </summary>
public sealed class AlertmanagerServer : IAsyncDisposable
{
    private static readonly string[] Binaries = ["prometheus-alertmanager", "alertmanager"];

    private readonly DirectoryInfo _storage;
    private readonly HttpClient _client;
    private readonly RestartableProcess _process;

    private AlertmanagerServer(string binary, IReadOnlyList<string> arguments, string? workingDirectory, DirectoryInfo storage, Uri baseUrl)
    {
        _process = new RestartableProcess(binary, arguments, "alertmanager", workingDirectory);
        _storage = storage;
        BaseUrl = baseUrl;
        _client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseUrl { get; }

    /// <summary>host:port, as Prometheus names it in its alerting targets.</summary>
    public string Target => $"{BaseUrl.Host}:{BaseUrl.Port}";

    /// <summary>Alertmanager's log so far (across restarts), for failure messages.</summary>
    public string Output => _process.Output;

    /// <summary>False after <see cref="KillAsync"/> or <see cref="StopAsync"/> until <see cref="RestartAsync"/>.</summary>
    public bool IsRunning => _process.IsRunning;

    /// <summary>
    /// Starts Alertmanager and waits for /-/ready. Templates named relative to the config are found next to it.
    /// Without <paramref name="cluster"/> clustering is off; with it, this is one member of a cluster.
    /// Throws (does not skip) when no Alertmanager binary is installed.
    /// </summary>
    public static async Task<AlertmanagerServer> StartAsync(string configFile, TimeSpan? readyTimeout = null, string logLevel = "info", AlertmanagerClustering? cluster = null)
    {
        var binary = FindBinary()
            ?? throw new InvalidOperationException(
                "Alertmanager is not installed: none of " + string.Join(", ", Binaries) + " is on PATH (run `make deps`).");

        // The port is free when chosen but could be taken before Alertmanager binds it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var storage = Directory.CreateTempSubdirectory("kpi-alertmanager-");
            var port = FreePort.Next();
            var server = new AlertmanagerServer(
                binary,
                [
                    "--config.file=" + configFile,
                    "--storage.path=" + storage.FullName,
                    "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
                    .. cluster?.Arguments() ?? ["--cluster.listen-address="],
                    "--log.level=" + logLevel,
                ],
                Path.GetDirectoryName(Path.GetFullPath(configFile)),
                storage,
                new Uri($"http://127.0.0.1:{port}/"));
            try
            {
                await server.WaitReadyAsync(readyTimeout);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3 && server.Output.Contains("address already in use", StringComparison.Ordinal))
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Kills Alertmanager as a crash would (SIGKILL: nothing written on the way out); its storage stays.</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>
    /// Stops Alertmanager as a service manager does (SIGTERM): it leaves the cluster and writes its notification log
    /// and silences to its storage, which stays for <see cref="RestartAsync"/>.
    /// </summary>
    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(20));

    /// <summary>
    /// Starts Alertmanager again with the same ports, configuration, cluster peers and storage (after killing it if
    /// it still runs), and waits for /-/ready.
    /// </summary>
    public async Task RestartAsync(TimeSpan? readyTimeout = null)
    {
        await _process.RestartAsync();
        await WaitReadyAsync(readyTimeout);
    }

    /// <summary>This member's view of its cluster (GET /api/v2/status).</summary>
    public async Task<AlertmanagerClusterStatus> ClusterStatusAsync()
    {
        using var json = JsonDocument.Parse(await _client.GetStringAsync(new Uri("api/v2/status", UriKind.Relative)));
        return AlertmanagerClusterStatus.Parse(json.RootElement.GetProperty("cluster"));
    }

    /// <summary>
    /// POST /api/v2/silences: silences alerts whose labels equal <paramref name="matchers"/> from now for
    /// <paramref name="duration"/>. Returns the silence's id.
    /// </summary>
    public async Task<string> CreateSilenceAsync(IReadOnlyDictionary<string, string> matchers, TimeSpan duration, string comment)
    {
        var now = DateTimeOffset.UtcNow;
        var body = new JsonObject
        {
            ["matchers"] = new JsonArray([.. matchers.Select(m => (JsonNode)new JsonObject
            {
                ["name"] = m.Key,
                ["value"] = m.Value,
                ["isRegex"] = false,
                ["isEqual"] = true,
            })]),
            ["startsAt"] = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["endsAt"] = (now + duration).UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["createdBy"] = "kpi-monitoring tests",
            ["comment"] = comment,
        };
        using var response = await _client.PostAsJsonAsync(new Uri("api/v2/silences", UriKind.Relative), body);
        var answer = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Alertmanager answered {(int)response.StatusCode} to POST /api/v2/silences: {answer}");
        }

        using var json = JsonDocument.Parse(answer);
        return json.RootElement.GetProperty("silenceID").GetString() ?? throw new InvalidOperationException($"no silenceID in {answer}");
    }

    /// <summary>GET /api/v2/silences: every silence Alertmanager knows, expired ones included.</summary>
    public async Task<IReadOnlyList<AlertmanagerSilence>> GetSilencesAsync()
    {
        using var json = JsonDocument.Parse(await _client.GetStringAsync(new Uri("api/v2/silences", UriKind.Relative)));
        return [.. json.RootElement.EnumerateArray().Select(AlertmanagerSilence.Parse)];
    }

    /// <summary>POST /api/v2/alerts, as Prometheus does. Throws with Alertmanager's answer unless it is 2xx.</summary>
    public async Task PostAlertsAsync(params IEnumerable<AlertmanagerAlert> alerts)
    {
        var body = new JsonArray([.. alerts.Select(alert => (JsonNode)alert.ToJson())]);
        using var response = await _client.PostAsJsonAsync(new Uri("api/v2/alerts", UriKind.Relative), body);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"Alertmanager answered {(int)response.StatusCode} to POST /api/v2/alerts: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>GET /api/v2/alerts: every alert Alertmanager holds, with its state and what inhibits or silences it.</summary>
    public async Task<IReadOnlyList<AlertmanagerAlertStatus>> GetAlertsAsync()
    {
        using var json = JsonDocument.Parse(await _client.GetStringAsync(new Uri("api/v2/alerts", UriKind.Relative)));
        return [.. json.RootElement.EnumerateArray().Select(AlertmanagerAlertStatus.Parse)];
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _process.DisposeAsync();
        try
        {
            _storage.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task WaitReadyAsync(TimeSpan? timeout) =>
        _process.WaitForHttpAsync(new Uri(BaseUrl, "-/ready"), timeout ?? TimeSpan.FromSeconds(20));

    private static string? FindBinary()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return Binaries
            .SelectMany(name => path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }
}

/// <summary>An alert as posted to Alertmanager. EndsAt in the past resolves it; no EndsAt keeps it firing.</summary>
public sealed record AlertmanagerAlert(
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string>? Annotations = null,
    DateTimeOffset? StartsAt = null,
    DateTimeOffset? EndsAt = null)
{
    /// <summary>
    /// The same alert, ended a moment ago (StartsAt is kept, so Alertmanager sees the same alert end; EndsAt stays
    /// after it, which Alertmanager requires).
    /// </summary>
    public AlertmanagerAlert Resolved()
    {
        var endsAt = DateTimeOffset.UtcNow.AddMilliseconds(-100);
        if (StartsAt is { } startsAt && endsAt <= startsAt)
        {
            endsAt = startsAt.AddMilliseconds(1);
        }

        return this with { EndsAt = endsAt };
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["labels"] = new JsonObject([.. Labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))]),
            ["annotations"] = new JsonObject([.. (Annotations ?? new Dictionary<string, string>()).Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value))]),
        };
        if (StartsAt is { } startsAt)
        {
            json["startsAt"] = startsAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        }

        if (EndsAt is { } endsAt)
        {
            json["endsAt"] = endsAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        }

        return json;
    }
}

/// <summary>An alert as Alertmanager reports it: state is active, suppressed or unprocessed.</summary>
public sealed record AlertmanagerAlertStatus(
    IReadOnlyDictionary<string, string> Labels,
    string State,
    IReadOnlyList<string> InhibitedBy,
    IReadOnlyList<string> SilencedBy,
    IReadOnlyList<string> Receivers)
{
    public static AlertmanagerAlertStatus Parse(JsonElement alert)
    {
        var labels = alert.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty);
        var status = alert.GetProperty("status");
        return new AlertmanagerAlertStatus(
            labels,
            status.GetProperty("state").GetString() ?? string.Empty,
            Strings(status, "inhibitedBy"),
            Strings(status, "silencedBy"),
            alert.TryGetProperty("receivers", out var receivers)
                ? [.. receivers.EnumerateArray().Select(r => r.GetProperty("name").GetString() ?? string.Empty)]
                : []);
    }

    public override string ToString() =>
        $"{{{string.Join(", ", Labels.Select(l => $"{l.Key}={l.Value}"))}}} {State} inhibitedBy=[{string.Join(",", InhibitedBy)}]";

    private static string[] Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Select(e => e.GetString() ?? string.Empty)]
            : [];
}
