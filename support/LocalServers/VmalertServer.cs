using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KpiMonitoring.LocalServers;

/// <summary>
/// The real vmalert (Debian's <c>victoria-metrics</c> package) evaluating Prometheus rule files against a store with
/// the Prometheus query API (VictoriaMetrics): live, as a server on a free loopback port killed on dispose, or as a
/// one-off replay over a past time range (<see cref="ReplayAsync"/>).
/// </summary>
public sealed partial class VmalertServer : IAsyncDisposable
{
    private const string Binary = "vmalert";

    private readonly ManagedProcess _process;
    private readonly QueryApi _api;

    private VmalertServer(ManagedProcess process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        _api = new QueryApi(baseAddress, "vmalert");
    }

    public Uri BaseAddress { get; }

    public string Output => _process.Output;

    /// <summary>
    /// Starts vmalert evaluating <paramref name="ruleFiles"/> every <paramref name="evaluationInterval"/> against
    /// <paramref name="datasource"/>, sending alerts to the Alertmanager at <paramref name="notifier"/>, writing recorded
    /// series and alert states to <paramref name="remoteWrite"/> and restoring alert states from
    /// <paramref name="remoteRead"/> when given. Waits until it serves /health; a rule file it cannot load fails here.
    /// </summary>
    public static async Task<VmalertServer> StartAsync(
        Uri datasource,
        IEnumerable<string> ruleFiles,
        TimeSpan evaluationInterval,
        Uri notifier,
        Uri? remoteWrite = null,
        Uri? remoteRead = null)
    {
        var port = FreePort.Next();
        var process = ManagedProcess.Start(FindBinary(),
        [
            .. Common(datasource, ruleFiles, evaluationInterval),
            $"-httpListenAddr=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            $"-notifier.url={notifier}",
            .. remoteWrite is null ? Array.Empty<string>() : [$"-remoteWrite.url={remoteWrite}", "-remoteWrite.flushInterval=200ms"],
            .. remoteRead is null ? Array.Empty<string>() : [$"-remoteRead.url={remoteRead}"],
        ], name: "vmalert");
        var server = new VmalertServer(process, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await process.WaitForHttpAsync(new Uri(server.BaseAddress, "/health"), TimeSpan.FromSeconds(30));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>
    /// Evaluates <paramref name="ruleFiles"/> over [<paramref name="from"/>, <paramref name="to"/>] at every
    /// <paramref name="interval"/> against <paramref name="datasource"/> and writes what the rules record and the
    /// alerts' <c>ALERTS</c> series to <paramref name="remoteWrite"/>, as if vmalert had been running then
    /// (<c>-replay.timeFrom</c>). Each rule runs over the whole range before the next; <paramref name="rulesDelay"/>
    /// is the pause between them, which must let the store make the previous rule's series searchable.
    /// vmalert 1.79 sends the step in whole seconds, so <paramref name="interval"/> is a whole number of seconds.
    /// Returns vmalert's output; throws with it unless vmalert exits 0.
    /// </summary>
    public static async Task<string> ReplayAsync(
        Uri datasource,
        IEnumerable<string> ruleFiles,
        Uri remoteWrite,
        DateTimeOffset from,
        DateTimeOffset to,
        TimeSpan interval,
        TimeSpan rulesDelay,
        TimeSpan timeout)
    {
        if (interval.TotalSeconds < 1 || interval.TotalSeconds != Math.Floor(interval.TotalSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "vmalert's replay steps by whole seconds");
        }

        await using var process = ManagedProcess.Start(FindBinary(),
        [
            .. Common(datasource, ruleFiles, interval),
            $"-remoteWrite.url={remoteWrite}",
            "-remoteWrite.flushInterval=100ms",
            $"-replay.timeFrom={Rfc3339(from)}",
            $"-replay.timeTo={Rfc3339(to)}",
            $"-replay.rulesDelay={(long)rulesDelay.TotalMilliseconds}ms",
            "-replay.ruleRetryAttempts=1",
            "-replay.disableProgressBar",
        ], name: "vmalert replay");
        var exitCode = await process.WaitForExitAsync(timeout);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"vmalert replay exited with {exitCode}:{Environment.NewLine}{process.Output}");
        }

        return process.Output;
    }

    /// <summary>Every rule vmalert evaluates, with its group and its last error ("" when the last evaluation succeeded).</summary>
    public async Task<IReadOnlyList<VmalertRule>> RulesAsync()
    {
        var groups = await _api.GetDataAsync("/api/v1/rules", "groups");
        return
        [
            .. groups.EnumerateArray().SelectMany(group => group.GetProperty("rules").EnumerateArray().Select(rule => new VmalertRule(
                group.GetProperty("name").GetString() ?? "",
                rule.GetProperty("name").GetString() ?? "",
                rule.TryGetProperty("lastError", out var error) ? error.GetString() ?? "" : "",
                rule.TryGetProperty("lastEvaluation", out var evaluated) && evaluated.ValueKind == JsonValueKind.String
                    ? ParseTime(evaluated.GetString()!)
                    : null))),
        ];
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _process.DisposeAsync();
    }

    private static string[] Common(Uri datasource, IEnumerable<string> ruleFiles, TimeSpan evaluationInterval) =>
    [
        .. ruleFiles.Select(file => $"-rule={Path.GetFullPath(file)}"),
        $"-datasource.url={datasource}",
        // The lookback of each query: vmalert's default 5m step would also be the step of a replay's range queries.
        $"-datasource.queryStep={(long)evaluationInterval.TotalMilliseconds}ms",
        $"-evaluationInterval={(long)evaluationInterval.TotalMilliseconds}ms",
        "-loggerLevel=WARN",
    ];

    private static string FindBinary() =>
        Command.Find(Binary) ?? throw new InvalidOperationException("vmalert is not installed (Debian package victoria-metrics; run `make deps`).");

    /// <summary>An RFC 3339 time with up to nanoseconds (Go's), to the 100 ns .NET keeps; Go's zero time is null.</summary>
    private static DateTimeOffset? ParseTime(string text)
    {
        var time = DateTimeOffset.Parse(Nanoseconds().Replace(text, "$1"), CultureInfo.InvariantCulture);
        return time.Year <= 1 ? null : time;
    }

    [GeneratedRegex(@"(\.\d{7})\d+")]
    private static partial Regex Nanoseconds();

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>One rule as vmalert reports it: group, name, last error ("" when none) and last evaluation (null before the first).</summary>
public sealed record VmalertRule(string Group, string Name, string LastError, DateTimeOffset? LastEvaluation);
