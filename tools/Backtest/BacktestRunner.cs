using System.Globalization;
using System.Text.Json;
using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Backtest;

/// <summary>
/// Runs a backtest: the day files go into a temporary data directory, the exporter replays them
/// (<c>--mode Replay</c>, from hour 00), a real Prometheus scrapes it and evaluates the rule files, and the
/// raw samples are read back until every hour 00..23 of every dataset was judged by at least
/// <see cref="HourAttribution.MinimumEvaluations"/> evaluations. Both servers run on free loopback ports and
/// are stopped when the run ends, however it ends.
/// </summary>
internal sealed class BacktestRunner
{
    /// <summary>Samples younger than this are not read: a rule evaluation or scrape may still be writing them.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    private readonly BacktestOptions _options;
    private readonly TextWriter _progress;

    public BacktestRunner(BacktestOptions options, TextWriter progress)
    {
        _options = options;
        _progress = progress;
    }

    /// <summary>
    /// Scrape and evaluation interval: eight per replayed hour (250 ms at 2 s per hour), at most 1 s. Prometheus
    /// 2.42 takes sub-second intervals.
    /// </summary>
    public static TimeSpan IntervalFor(double secondsPerHour) =>
        TimeSpan.FromMilliseconds(Math.Clamp(Math.Round(secondsPerHour * 1000 / 8), 100, 1000));

    /// <summary>Runs the replay until every hour is judged and returns the verdicts.</summary>
    public Task<IReadOnlyList<HourVerdict>> RunAsync(CancellationToken cancellationToken = default) => RunAsync(null, cancellationToken);

    /// <summary>
    /// Runs the replay until every hour is judged. <paramref name="beforeStop"/>, when given, runs with the verdicts
    /// while Prometheus still runs (to read more from it), and the servers stop after it.
    /// </summary>
    public async Task<IReadOnlyList<HourVerdict>> RunAsync(
        Func<PrometheusServer, IReadOnlyList<HourVerdict>, Task>? beforeStop,
        CancellationToken cancellationToken = default)
    {
        var datasets = DatasetFiles(_options.Files);
        var ruleFiles = History.RuleSet.RuleFiles(_options.RulesDirectory);
        var interval = IntervalFor(_options.SecondsPerHour);
        var dataDir = Directory.CreateTempSubdirectory("kpi-backtest-");
        try
        {
            foreach (var (dataset, file) in datasets)
            {
                File.Copy(file, Path.Combine(dataDir.FullName, dataset + Path.GetExtension(file)));
            }

            var seconds = _options.SecondsPerHour.ToString(CultureInfo.InvariantCulture);
            Progress($"replaying {string.Join(", ", datasets.Keys)} at {seconds} s per hour; scrape and evaluation every {interval.TotalMilliseconds} ms; rules {string.Join(", ", ruleFiles.Select(Path.GetFileName))}");
            var started = DateTimeOffset.UtcNow;
            await using var exporter = await ExporterProcess.StartAsync(
                ["--data-dir", dataDir.FullName, "--mode", "Replay", "--seconds-per-hour", seconds, "--start-hour", "0", .. _options.ExporterArguments ?? []]);
            await using var prometheus = await PrometheusServer.StartAsync([exporter.Target], ruleFiles, interval, interval, remoteWrite: _options.RemoteWrite);
            Progress($"exporter on {exporter.BaseAddress}, prometheus on {prometheus.BaseAddress}");

            // Prometheus scrapes its first target about 5 s after start, so the first hours come round again
            // in the second lap: a full lap plus a few hours, with room to spare.
            var deadline = started + TimeSpan.FromSeconds((24 * 2 * _options.SecondsPerHour) + 30);
            var reported = -1;
            while (true)
            {
                await Task.Delay(Poll, cancellationToken);
                var at = DateTimeOffset.UtcNow - Settle;
                var samples = await ReadSamplesAsync(prometheus.QueryAsync, at - started + TimeSpan.FromSeconds(5), at);
                var attribution = HourAttribution.Attribute(samples, [.. datasets.Keys], interval);
                if (attribution.Conflicts.Count > 0)
                {
                    throw new BacktestException("the evaluations attributed to one hour disagree, so the attribution cannot be trusted:\n  "
                        + string.Join("\n  ", attribution.Conflicts));
                }

                if (attribution.IsComplete)
                {
                    Progress($"every hour judged; {(DateTimeOffset.UtcNow - started).TotalSeconds:0} s");
                    if (beforeStop is not null)
                    {
                        await beforeStop(prometheus, attribution.Verdicts);
                    }

                    return attribution.Verdicts;
                }

                var judged = (datasets.Count * 24) - attribution.Unjudged.Count;
                if (judged / 12 != reported / 12)
                {
                    Progress($"{judged} of {datasets.Count * 24} dataset hours judged");
                    reported = judged;
                }

                if (DateTimeOffset.UtcNow > deadline)
                {
                    throw new BacktestException(
                        $"hours not judged by at least {HourAttribution.MinimumEvaluations} rule evaluations within {(deadline - started).TotalSeconds:0} s "
                        + $"(a file without that hour, or a dataset the exporter rejected): {Describe(attribution.Unjudged)}\n"
                        + $"exporter output (last lines):\n{Tail(exporter.Output)}\nprometheus output (last lines):\n{Tail(prometheus.Output)}");
                }
            }
        }
        finally
        {
            dataDir.Delete(recursive: true);
        }
    }

    /// <summary>Dataset name to file, in the order given; names must be unique, like the exporter's.</summary>
    private static Dictionary<string, string> DatasetFiles(IReadOnlyList<string> files)
    {
        var datasets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                throw new BacktestException($"no such file: {file}");
            }

            var extension = Path.GetExtension(file).ToUpperInvariant();
            if (extension is not (".CSV" or ".TSV"))
            {
                throw new BacktestException($"{file}: the exporter reads .csv and .tsv files only");
            }

            var dataset = Path.GetFileNameWithoutExtension(file);
            if (!datasets.TryAdd(dataset, Path.GetFullPath(file)))
            {
                throw new BacktestException($"{file}: a second file named {dataset}; each file is a dataset named after the file");
            }
        }

        return datasets;
    }

    /// <summary>
    /// The raw samples of every series attribution needs, over <paramref name="range"/> up to <paramref name="at"/>,
    /// from any server of the Prometheus query API (<paramref name="query"/>: its instant query).
    /// </summary>
    internal static async Task<RuleSamples> ReadSamplesAsync(Func<string, DateTimeOffset?, Task<JsonElement>> query, TimeSpan range, DateTimeOffset at)
    {
        var window = $"[{Math.Ceiling(range.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s]";
        var results = await Task.WhenAll(RuleSamples.Selectors.Select(selector => query(selector + window, at)));
        var series = results.Select(SampleSeries.FromMatrix).ToArray();
        return new RuleSamples(series[0], series[1], series[2], series[3], series[4]);
    }

    private static string Describe(IReadOnlyList<UnjudgedHour> unjudged) =>
        string.Join("; ", unjudged.GroupBy(u => u.Dataset).Select(g =>
            $"{g.Key} " + string.Join(", ", g.Select(u => string.Create(CultureInfo.InvariantCulture, $"{u.Hour:00} ({u.Evaluations})")))));

    private static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(20));

    private void Progress(string message) => _progress.WriteLine($"backtest: {message}");
}
