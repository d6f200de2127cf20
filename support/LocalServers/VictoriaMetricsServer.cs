using System.Globalization;
using System.Text.Json;

namespace KpiMonitoring.LocalServers;

/// <summary>
/// The real single-node VictoriaMetrics (Debian's <c>victoria-metrics</c>) on a free loopback port: a remote-write
/// store with the Prometheus query API. Storage lives in a temp directory removed on dispose.
/// </summary>
public sealed class VictoriaMetricsServer : IAsyncDisposable
{
    private readonly ManagedProcess _process;
    private readonly string _dir;
    private readonly QueryApi _api;
    private readonly HttpClient _client;

    private VictoriaMetricsServer(ManagedProcess process, string dir, Uri baseAddress)
    {
        _process = process;
        _dir = dir;
        BaseAddress = baseAddress;
        _api = new QueryApi(baseAddress, "VictoriaMetrics");
        _client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseAddress { get; }

    /// <summary>Prometheus' <c>remote_write</c> URL.</summary>
    public Uri WriteUrl => new(BaseAddress, "/api/v1/write");

    public string Output => _process.Output;

    /// <summary>
    /// Starts VictoriaMetrics keeping every sample whatever its age (retention 100 years) and answering queries
    /// with the newest samples: the default <c>-search.latencyOffset</c> of 30 s hides the last 30 s from queries,
    /// which is the whole of a replayed day's last hours. The response cache is off so that samples written into
    /// the past (vmalert's replay) are seen at once.
    /// <paramref name="maxStalenessInterval"/>: how far back a query looks for a series' last sample
    /// (<c>-search.maxStalenessInterval</c>; by default 5 times the interval between its samples below 2 s, about
    /// 1.1 times above).
    /// </summary>
    public static async Task<VictoriaMetricsServer> StartAsync(TimeSpan? maxStalenessInterval = null, string binary = "victoria-metrics")
    {
        var path = Command.Find(binary)
            ?? throw new InvalidOperationException($"{binary} is not installed (Debian package victoria-metrics; run `make deps`).");
        var dir = Directory.CreateTempSubdirectory("kpi-victoria-metrics-").FullName;
        var port = FreePort.Next();
        var process = ManagedProcess.Start(path,
        [
            $"-httpListenAddr=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            $"-storageDataPath={Path.Combine(dir, "data")}",
            "-retentionPeriod=100y",
            "-search.latencyOffset=1s",
            "-search.disableCache",
            "-loggerLevel=WARN",
            .. maxStalenessInterval is { } staleness ? [$"-search.maxStalenessInterval={(long)staleness.TotalMilliseconds}ms"] : Array.Empty<string>(),
        ], name: "victoria-metrics");
        var server = new VictoriaMetricsServer(process, dir, new Uri($"http://127.0.0.1:{port}"));
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

    /// <summary>An instant query (PromQL is MetricsQL here); returns the <c>data.result</c> array.</summary>
    public Task<JsonElement> QueryAsync(string promql, DateTimeOffset? at = null) => _api.QueryAsync(promql, at);

    /// <summary>A range query; returns the <c>data.result</c> array (matrix).</summary>
    public Task<JsonElement> QueryRangeAsync(string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step) =>
        _api.QueryRangeAsync(promql, start, end, step);

    /// <summary>
    /// Makes what was written so far searchable now (<c>/internal/force_flush</c>). Without it a new series shows
    /// in queries about 10 s after its first sample (VictoriaMetrics 1.79), a sample of a known one within 1 s.
    /// </summary>
    public async Task FlushAsync()
    {
        using var response = await _client.GetAsync(new Uri("/internal/force_flush", UriKind.Relative));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Calls <see cref="FlushAsync"/> every <paramref name="period"/> until cancelled (while another writer fills the store).</summary>
    public async Task KeepFlushingAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await FlushAsync();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
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
}
