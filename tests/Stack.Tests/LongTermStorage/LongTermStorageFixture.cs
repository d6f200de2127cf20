using System.Globalization;
using System.Text.Json;
using KpiMonitoring.Backtest;
using YamlDotNet.Serialization;

namespace KpiMonitoring.Stack.Tests.LongTermStorage;

/// <summary>
/// Both real days replayed through the exporter and a real Prometheus with the project's rules (the backtest's
/// harness, <see cref="BacktestRunner"/>) while Prometheus remote-writes what it scrapes to a real VictoriaMetrics;
/// then vmalert evaluates rules/checkout.rules.yml against VictoriaMetrics over the same time range
/// (<c>-replay.timeFrom</c>) and its evaluations are attributed to hours exactly as the backtest attributes
/// Prometheus' (<see cref="HourAttribution"/>). About two minutes; the servers are stopped at the end.
/// <para>
/// vmalert's replay cannot render the <c>query</c> template function that the checkout alerts' annotations use
/// ("`query` template isn't supported in replay mode"; live vmalert renders it), so it replays a copy of the rule
/// file without annotations: the expressions, labels and <c>for:</c> that decide what fires are the file's own.
/// </para>
/// <para>
/// vmalert 1.79 writes no staleness marker when a recorded series stops (Prometheus does), and VictoriaMetrics
/// carries a series' last sample forward for 5 evaluation intervals below 2 s: at 1 s per evaluation and 4 s per
/// hour, the last hour's <c>dataset:checkout_transactions:stopped</c> would still be read in the next hour. The
/// store looks back one evaluation interval instead (<c>-search.maxStalenessInterval</c>), as Prometheus' markers
/// make it; docs/long-term-storage.md says what this means live.
/// </para>
/// <para>
/// Prometheus sends only scraped series (<see cref="RemoteWriteTarget.ScrapedSeriesOnly"/>): vmalert records the
/// same series names and <c>ALERTS</c> into the store itself, and two rulers writing one name would make every
/// <c>on(dataset)</c> match ambiguous.
/// </para>
/// </summary>
public sealed class LongTermStorageFixture : IAsyncLifetime, IDisposable
{
    /// <summary>
    /// Seconds per replayed hour: vmalert steps by whole seconds (1 s here), and every hour needs at least
    /// <see cref="HourAttribution.MinimumEvaluations"/> evaluations that are not within a scrape of an hour change.
    /// 4 rather than 3 for room on a loaded machine (at 3 s one run in five failed while another build ran): a
    /// scrape later than the store's 1 s lookback, or a slow flush, leaves a step that judges nothing.
    /// </summary>
    private const double SecondsPerHour = 4;

    private static readonly TimeSpan VmalertInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Between two rules of vmalert's replay: the store flushed every 250 ms shows a new series within about 1 s
    /// when idle; the rest is room for a loaded machine.
    /// </summary>
    private static readonly TimeSpan RulesDelay = TimeSpan.FromMilliseconds(2500);

    private static readonly TimeSpan StoreCatchUp = TimeSpan.FromSeconds(30);

    private readonly StringWriter _progress = new();
    private readonly TempDirectory _dir = new("kpi-long-term-");

    internal static readonly string[] Datasets = ["checkout_1", "checkout_2"];

    internal static string CheckoutRules => Path.Combine(RepoPaths.Rules, "checkout.rules.yml");

    internal VictoriaMetricsServer Store { get; private set; } = null!;

    internal IReadOnlyList<HourVerdict> PrometheusVerdicts { get; private set; } = [];

    internal IReadOnlyList<HourVerdict> VmalertVerdicts { get; private set; } = [];

    /// <summary>The raw samples of every per-hour series, as Prometheus and as the store answer the same range selector.</summary>
    internal IReadOnlyList<SampleSeries> PrometheusHourSeries { get; private set; } = [];

    internal IReadOnlyList<SampleSeries> StoreHourSeries { get; private set; } = [];

    /// <summary>Instant queries asked of both at the same timestamps: the query, the time, each one's answer.</summary>
    internal IReadOnlyList<(string Query, DateTimeOffset At, JsonElement Prometheus, JsonElement Store)> Answers { get; private set; } = [];

    internal DateTimeOffset From { get; private set; }

    internal DateTimeOffset To { get; private set; }

    internal string VmalertOutput { get; private set; } = "";

    internal string Progress => _progress.ToString();

    public async Task InitializeAsync()
    {
        Store = await VictoriaMetricsServer.StartAsync(maxStalenessInterval: VmalertInterval);
        From = DateTimeOffset.UtcNow;
        var options = new BacktestOptions(
            [.. Datasets.Select(d => RepoPaths.DataFile(d + ".csv"))],
            RepoPaths.Rules,
            SecondsPerHour,
            RemoteWrite: new RemoteWriteTarget(Store.WriteUrl, ScrapedSeriesOnly: true));
        try
        {
            PrometheusVerdicts = await new BacktestRunner(options, _progress).RunAsync(CaptureAsync);
        }
        catch (BacktestException ex)
        {
            throw new InvalidOperationException($"{ex.Message}\n{_progress}", ex);
        }

        using (var flushing = new CancellationTokenSource())
        {
            var flush = Store.KeepFlushingAsync(TimeSpan.FromMilliseconds(250), flushing.Token);
            var rules = _dir.Write("checkout.rules.yml", WithoutAnnotations(await File.ReadAllTextAsync(CheckoutRules)));
            VmalertOutput = await VmalertServer.ReplayAsync(Store.BaseAddress, [rules], Store.BaseAddress, From, To, VmalertInterval, RulesDelay, TimeSpan.FromMinutes(3));
            await flushing.CancelAsync();
            await flush;
        }

        VmalertVerdicts = await AttributeStoreEvaluationsAsync();
    }

    public async Task DisposeAsync()
    {
        if (Store is not null)
        {
            await Store.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _progress.Dispose();
        _dir.Dispose();
    }

    /// <summary>A rule file's text with every rule's <c>annotations</c> removed, the rest as it was.</summary>
    internal static string WithoutAnnotations(string ruleFile)
    {
        var content = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(ruleFile);
        foreach (var group in ((List<object>)content["groups"]).Cast<Dictionary<object, object>>())
        {
            foreach (var rule in ((List<object>)group["rules"]).Cast<Dictionary<object, object>>())
            {
                rule.Remove("annotations");
            }
        }

        return new SerializerBuilder().Build().Serialize(content);
    }

    /// <summary>
    /// While Prometheus still runs: waits until the store holds every per-hour sample Prometheus holds up to
    /// <see cref="To"/>, and asks both the same queries.
    /// </summary>
    private async Task CaptureAsync(PrometheusServer prometheus, IReadOnlyList<HourVerdict> verdicts)
    {
        // The last hour to be judged was judged twice by Prometheus (every 500 ms), but not yet by a replay stepping
        // by whole seconds: let it play to its end. Samples older than a second are stored by Prometheus.
        await Task.Delay(TimeSpan.FromSeconds(SecondsPerHour * 1.5));
        To = DateTimeOffset.UtcNow.AddSeconds(-1);
        var selector = $"kpi_checkout_hour_transactions[{Math.Ceiling((To - From).TotalSeconds + 5).ToString(CultureInfo.InvariantCulture)}s]";
        PrometheusHourSeries = SampleSeries.FromMatrix(await prometheus.QueryAsync(selector, To));
        var deadline = DateTimeOffset.UtcNow + StoreCatchUp;
        do
        {
            await Store.FlushAsync();
            StoreHourSeries = SampleSeries.FromMatrix(await Store.QueryAsync(selector, To));
            if (CountSamples(StoreHourSeries) >= CountSamples(PrometheusHourSeries))
            {
                break;
            }

            await Task.Delay(500);
        }
        while (DateTimeOffset.UtcNow < deadline);

        _progress.WriteLine($"store: {CountSamples(StoreHourSeries)} of Prometheus' {CountSamples(PrometheusHourSeries)} per-hour samples");
        var first = DateTimeOffset.FromUnixTimeMilliseconds(PrometheusHourSeries.SelectMany(s => s.Samples).Min(s => s.TimestampMs));
        var answers = new List<(string, DateTimeOffset, JsonElement, JsonElement)>();
        foreach (var query in (string[])["sum by (dataset) (kpi_checkout_judged_hour_transactions)", "kpi_checkout_judged_hour", "max by (dataset) (kpi_checkout_hour_transactions)"])
        {
            for (var i = 1; i <= 10; i++)
            {
                var at = first + ((To - first) * i / 11);
                answers.Add((query, at, await prometheus.QueryAsync(query, at), await Store.QueryAsync(query, at)));
            }
        }

        Answers = answers;
    }

    /// <summary>vmalert's evaluations, read back from the store and attributed to hours as the backtest does Prometheus'.</summary>
    private async Task<IReadOnlyList<HourVerdict>> AttributeStoreEvaluationsAsync()
    {
        var deadline = DateTimeOffset.UtcNow + StoreCatchUp;
        while (true)
        {
            await Store.FlushAsync();
            var samples = await BacktestRunner.ReadSamplesAsync(Store.QueryAsync, To - From + TimeSpan.FromSeconds(5), To);
            var attribution = HourAttribution.Attribute(samples, Datasets, BacktestRunner.IntervalFor(SecondsPerHour));
            if (attribution.IsComplete || DateTimeOffset.UtcNow > deadline)
            {
                attribution.Conflicts.ShouldBeEmpty();
                attribution.Unjudged.ShouldBeEmpty($"hours vmalert's replay did not judge twice; vmalert said:\n{VmalertOutput}");
                return attribution.Verdicts;
            }

            await Task.Delay(500);
        }
    }

    private static int CountSamples(IReadOnlyList<SampleSeries> series) => series.Sum(s => s.Samples.Count);
}

/// <summary>The long-term storage replay, once for its tests.</summary>
[CollectionDefinition(Name)]
public sealed class LongTermStorageGroup : ICollectionFixture<LongTermStorageFixture>
{
    public const string Name = "long-term storage";
}
