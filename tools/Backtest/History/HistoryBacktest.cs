using System.Diagnostics;
using System.Globalization;
using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Backtest.History;

/// <summary>
/// The offline backtest of many days: the real exporter renders every hour of every day file
/// (<see cref="ExporterRendering"/>), the expositions are backfilled into a TSDB (<see cref="OpenMetricsBackfill"/>),
/// and a real Prometheus on those blocks evaluates the alerting rules over the whole range
/// (<see cref="OfflineEvaluation"/>). Progress with an estimate of the time left goes to <c>progress</c>; a day
/// file the exporter rejects is named with its line and skipped, and the rest of the report stands.
/// </summary>
internal sealed class HistoryBacktest(HistoryOptions options, TextWriter progress)
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(1);

    public async Task<HistoryRun> RunAsync(CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var files = DayFile.InDirectory(options.Directory, out var ignored);
        foreach (var name in ignored)
        {
            Progress($"skipping {name}: not named DATASET_YYYY-MM-DD.csv");
        }

        var dates = files.GroupBy(f => f.Date).ToList();
        var timeline = new HistoryTimeline(dates[0].Key);
        var judged = new List<(string Dataset, DateOnly Date)>();
        var rejected = new List<RejectedDay>();
        var work = Directory.CreateTempSubdirectory("kpi-backtest-history-");
        try
        {
            // The exporter's start-up (its host, its first JIT) and reading the rules overlap.
            var starting = Task.Run(() => ExporterRendering.Start(timeline, options.ExporterArguments ?? []), cancellationToken);
            IReadOnlyList<AlertRule> rulesA, rulesB;
            try
            {
                rulesA = RuleSet.Load(options.RulesDirectory);
                rulesB = options.RulesDirectoryB is { } b ? RuleSet.Load(b) : [];
            }
            catch
            {
                await (await starting).DisposeAsync();
                throw;
            }

            var backfill = new OpenMetricsBackfill(RuleSet.ReadNames([.. rulesA, .. rulesB]));
            await using (var exporter = await starting)
            {
                var lastReport = TimeSpan.Zero;
                for (var i = 0; i < dates.Count; i++)
                {
                    var day = dates[i].ToList();
                    var refused = await exporter.RenderDayAsync(day, (at, exposition) =>
                    {
                        backfill.Add(at, exposition);
                        return ValueTask.CompletedTask;
                    }, cancellationToken);
                    foreach (var bad in refused)
                    {
                        Progress($"skipping {bad.File.Path}: {bad.Reason}");
                    }

                    rejected.AddRange(refused);
                    judged.AddRange(day.Except(refused.Select(r => r.File)).Select(f => (f.Dataset, f.Date)));
                    if (watch.Elapsed - lastReport >= ProgressEvery || i == dates.Count - 1)
                    {
                        lastReport = watch.Elapsed;
                        var left = watch.Elapsed / (i + 1) * (dates.Count - i - 1);
                        Progress(string.Create(CultureInfo.InvariantCulture,
                            $"rendered {i + 1}/{dates.Count} days (to {dates[i].Key:yyyy-MM-dd}) in {watch.Elapsed.TotalSeconds:0.0} s, about {left.TotalSeconds:0.0} s of rendering left"));
                    }
                }
            }

            if (judged.Count == 0)
            {
                throw new BacktestException($"every day file in {options.Directory} was rejected; nothing to evaluate");
            }

            var blocks = Path.Combine(work.FullName, "blocks");
            await backfill.CreateBlocksAsync(Path.Combine(work.FullName, "history.om"), blocks, cancellationToken);
            Progress(string.Create(CultureInfo.InvariantCulture, $"backfilled {backfill.SampleCount} samples in {watch.Elapsed.TotalSeconds:0.0} s; evaluating {rulesA.Count} alerts{(options.RulesDirectoryB is null ? "" : $" and {rulesB.Count} of rule set B")}"));

            var first = judged.Min(j => j.Date);
            var last = judged.Max(j => j.Date);
            await using var prometheus = await PrometheusServer.StartOnBlocksAsync(blocks, timeline.LookbackDelta);
            var hoursA = Hours(judged, await OfflineEvaluation.EvaluateAsync(prometheus, rulesA, timeline, first, last));
            var hoursB = options.RulesDirectoryB is null ? null : Hours(judged, await OfflineEvaluation.EvaluateAsync(prometheus, rulesB, timeline, first, last));
            Progress(string.Create(CultureInfo.InvariantCulture, $"{judged.Count} dataset days evaluated in {watch.Elapsed.TotalSeconds:0.0} s"));
            return new HistoryRun(hoursA, hoursB, rejected, backfill.SampleCount, watch.Elapsed);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static List<HistoryHour> Hours(
        IEnumerable<(string Dataset, DateOnly Date)> judged, Dictionary<(string Dataset, DateOnly Date, int Hour), List<FiringAlert>> fired) =>
        [.. judged.SelectMany(j => Enumerable.Range(0, 24).Select(hour =>
            new HistoryHour(j.Dataset, j.Date, hour, fired.GetValueOrDefault((j.Dataset, j.Date, hour)) ?? [])))];

    private void Progress(string message) => progress.WriteLine($"backtest: {message}");
}
