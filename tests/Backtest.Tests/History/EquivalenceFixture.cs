using KpiMonitoring.Backtest.History;

namespace KpiMonitoring.Backtest.Tests.History;

/// <summary>
/// One generated week (seeded, with an outage, a sharp drop and a mild drop) and both real days, each backtested
/// two ways: the live replay (the exporter process and a real Prometheus evaluating rules/ while the day plays,
/// every file a dataset, about 80 s for the nine files together at 3 s per hour: a scrape every 375 ms, more room
/// than the default 2 s per hour for a scrape on a loaded machine) and the offline path (the exporter's exposition
/// per hour, backfilled, evaluated by a real Prometheus on the blocks). The offline run of the real days also
/// evaluates a second rule set whose P1 gate needs 100 expected checkouts, for the A/B tests. It shares the real
/// days' collection, so that the two live replays do not run at the same time.
/// </summary>
public sealed class EquivalenceFixture : IAsyncLifetime, IDisposable
{
    public const int WeekSeed = 7;

    public static readonly DateOnly WeekStart = new(2026, 9, 7);

    public static readonly DateOnly RealDate = new(2026, 9, 1);

    private readonly TempDirectory _work = new("kpi-equivalence-");

    internal IReadOnlyList<HourVerdict> Live { get; private set; } = [];

    internal HistoryRun Week { get; private set; } = null!;

    internal HistoryRun RealDays { get; private set; } = null!;

    internal IReadOnlyList<TruthHour> Truth { get; private set; } = [];

    internal string WeekDirectory => _work.File("week");

    public async Task InitializeAsync()
    {
        Truth = HistoryGenerator.Write(new GeneratorOptions(WeekDirectory, Days: 7, Start: WeekStart, Seed: WeekSeed,
            ShapeFile: RepoPaths.DataFile("checkout_1.csv"), Incidents: 3));
        var realDirectory = Directory.CreateDirectory(_work.File("real")).FullName;
        foreach (var day in new[] { "checkout_1", "checkout_2" })
        {
            File.Copy(RepoPaths.DataFile(day + ".csv"), Path.Combine(realDirectory, $"{day}_{RealDate:yyyy-MM-dd}.csv"));
        }

        var rulesB = Directory.CreateDirectory(_work.File("rules-b")).FullName;
        foreach (var file in RepoPaths.RuleFiles)
        {
            var text = await File.ReadAllTextAsync(file);
            await File.WriteAllTextAsync(Path.Combine(rulesB, Path.GetFileName(file)),
                text.Replace("(kpi_checkout_threshold{threshold=\"stopped_min_expected\"})", "(kpi_checkout_threshold{threshold=\"stopped_min_expected\"} * 0 + 100)", StringComparison.Ordinal));
        }

        using var progress = new StringWriter();
        try
        {
            var liveFiles = Directory.GetFiles(WeekDirectory, "*.csv").Where(f => DayFile.FromPath(f) is not null)
                .Concat([RepoPaths.DataFile("checkout_1.csv"), RepoPaths.DataFile("checkout_2.csv")]).ToList();
            var live = new BacktestRunner(new BacktestOptions(liveFiles, RepoPaths.Rules, SecondsPerHour: 3), progress).RunAsync();
            Week = await new HistoryBacktest(new HistoryOptions(WeekDirectory, RepoPaths.Rules), progress).RunAsync();
            RealDays = await new HistoryBacktest(new HistoryOptions(realDirectory, RepoPaths.Rules, RulesDirectoryB: rulesB), progress).RunAsync();
            Live = await live;
        }
        catch (BacktestException ex)
        {
            throw new InvalidOperationException($"{ex.Message}\n{progress}", ex);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _work.Dispose();
}
