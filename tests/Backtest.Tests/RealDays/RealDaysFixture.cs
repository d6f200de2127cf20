using System.Diagnostics;
using KpiMonitoring.Backtest.Tests.Support;

namespace KpiMonitoring.Backtest.Tests.RealDays;

/// <summary>
/// Runs the backtest once over both real days (data/checkout_1.csv and data/checkout_2.csv in one replay,
/// about a minute at 2 s per hour) with the real exporter, Prometheus and rules/, and keeps the reference
/// numbers of judge-hours.py for the same files. A third dataset, <see cref="Tuned"/>, is checkout_2 again with
/// its own thresholds from a settings file given as <c>--thresholds</c> (the backtest passes it to the exporter,
/// judge-hours.py reads the same file): the evidence step of tuning a threshold. The servers are stopped when the
/// run ends.
/// </summary>
public sealed class RealDaysFixture : IAsyncLifetime, IDisposable
{
    /// <summary>checkout_2 judged with a P1 gate of 40 expected checkouts instead of the shipped 15.</summary>
    internal const string Tuned = "checkout_2_tuned";

    private readonly TempDirectory _dir = new();

    internal string Root { get; } = RepoPaths.Root;

    internal IReadOnlyList<HourVerdict> Verdicts { get; private set; } = [];

    internal Dictionary<string, List<JudgedHour>> Reference { get; private set; } = [];

    internal TimeSpan Duration { get; private set; }

    internal string[] Files => [Path.Combine(Root, "data", "checkout_1.csv"), Path.Combine(Root, "data", "checkout_2.csv")];

    internal string TunedFile => Path.Combine(_dir.Path, Tuned + ".csv");

    internal string ThresholdsFile => Path.Combine(_dir.Path, "thresholds.json");

    internal HourVerdict Verdict(string dataset, int hour) => Verdicts.Single(v => v.Dataset == dataset && v.Hour == hour);

    public async Task InitializeAsync()
    {
        File.Copy(Files[1], TunedFile);
        await File.WriteAllTextAsync(ThresholdsFile, $$"""{ "Checkout": { "Datasets": { "{{Tuned}}": { "Thresholds": { "StoppedMinExpected": 40 } } } } }""");
        var watch = Stopwatch.StartNew();
        var options = new BacktestOptions([.. Files, TunedFile], Path.Combine(Root, "rules"), SecondsPerHour: 2, ExporterArguments: ["--config", ThresholdsFile]);
        using var progress = new StringWriter();
        try
        {
            Verdicts = await new BacktestRunner(options, progress).RunAsync();
        }
        catch (BacktestException ex)
        {
            throw new InvalidOperationException($"{ex.Message}\n{progress}", ex);
        }

        Duration = watch.Elapsed;
        Reference = await JudgeHours.RunAsync(Root, [.. Files, TunedFile], ThresholdsFile);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _dir.Dispose();
}

/// <summary>The live replays of the real days and of the offline equivalence (History/EquivalenceFixture), one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class RealDaysTestGroup : ICollectionFixture<RealDaysFixture>, ICollectionFixture<History.EquivalenceFixture>
{
    public const string Name = "real days";
}
