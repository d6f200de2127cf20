using KpiExporter.Http;
using KpiExporter.Sources;
using KpiExporter.Sources.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace KpiExporter.Tests.Sources.Database;

/// <summary>
/// The database checks wired as the exporter wires them (catalog, runner, series, source health), without the
/// scheduler: a test sets the fake clock, runs a check once and reads its result and the rendered metrics.
/// </summary>
internal sealed class CheckHarness : IAsyncDisposable
{
    private readonly DatabaseConnections _connections;

    public CheckHarness(DatabaseOptions options, DateTimeOffset now)
    {
        var validation = new DatabaseOptionsValidator().Validate(null, options);
        validation.Failed.ShouldBeFalse(validation.FailureMessage);
        Time = new FakeTimeProvider(now);
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        Catalog = new DatabaseCheckCatalog(options);
        Health = new SourceHealthRegistry(factory, Time);
        _connections = new DatabaseConnections(options);
        Runner = new DatabaseCheckRunner(_connections, Health, Time, NullLogger<DatabaseCheckRunner>.Instance);
    }

    public FakeTimeProvider Time { get; }

    public CollectorRegistry Registry { get; }

    public DatabaseCheckCatalog Catalog { get; }

    public SourceHealthRegistry Health { get; }

    public DatabaseCheckRunner Runner { get; }

    /// <summary>The pools, one per database.</summary>
    public DatabaseConnections Connections => _connections;

    public static DatabaseOptions Options(string connectionString, string timeZone = "UTC") => new()
    {
        ConnectionString = connectionString,
        TimeZone = timeZone,
    };

    /// <summary>Runs the one check of <paramref name="kind"/> for <paramref name="source"/>; null when it failed.</summary>
    public Task<DatabaseCheckResult?> RunAsync(string kind, string source) =>
        Runner.RunAsync(Catalog.Checks.Single(c => c.Kind == kind && c.Source == source), CancellationToken.None);

    /// <summary>Runs the check and expects it to succeed.</summary>
    public async Task<T> RunOkAsync<T>(string kind, string source)
        where T : DatabaseCheckResult
    {
        var result = await RunAsync(kind, source);
        var status = Health.Get(kind, source).ShouldNotBeNull();
        status.LastError.ShouldBeNull();
        status.Up.ShouldBe(true);
        return result.ShouldBeOfType<T>();
    }

    public async Task<string> ScrapeAsync()
    {
        using var stream = new MemoryStream();
        await MetricsEndpoint.WriteAsync(stream, Registry, [new DatabaseSeries(Catalog)], CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public async Task<double?> ValueAsync(string series) => Support.MetricText.Value(await ScrapeAsync(), series);

    public ValueTask DisposeAsync() => _connections.DisposeAsync();
}
