using System.Diagnostics;
using KpiMonitoring.Backtest.Tests.Support;

namespace KpiMonitoring.Backtest.Tests.RealDays;

/// <summary>
/// Runs the backtest once over both real days (data/checkout_1.csv and data/checkout_2.csv in one replay,
/// about a minute at 2 s per hour) with the real exporter, Prometheus and rules/, and keeps the reference
/// numbers of judge-hours.py for the same files. The servers are stopped when the run ends.
/// </summary>
public sealed class RealDaysFixture : IAsyncLifetime
{
    internal string Root { get; } = RepoPaths.Root;

    internal IReadOnlyList<HourVerdict> Verdicts { get; private set; } = [];

    internal Dictionary<string, List<JudgedHour>> Reference { get; private set; } = [];

    internal TimeSpan Duration { get; private set; }

    internal string[] Files => [Path.Combine(Root, "data", "checkout_1.csv"), Path.Combine(Root, "data", "checkout_2.csv")];

    internal HourVerdict Verdict(string dataset, int hour) => Verdicts.Single(v => v.Dataset == dataset && v.Hour == hour);

    public async Task InitializeAsync()
    {
        var watch = Stopwatch.StartNew();
        var options = new BacktestOptions(Files, Path.Combine(Root, "rules"), SecondsPerHour: 2);
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
        Reference = await JudgeHours.RunAsync(Root, Files);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>The live replays of the real days and of the offline equivalence (History/EquivalenceFixture), one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class RealDaysTestGroup : ICollectionFixture<RealDaysFixture>, ICollectionFixture<History.EquivalenceFixture>
{
    public const string Name = "real days";
}
