using KpiMonitoring.Backtest.History;

namespace KpiMonitoring.Backtest.Tests.History;

public sealed class HistoryCommandLineTests
{
    [Fact]
    public void History_takes_the_directory_both_rule_sets_the_truth_and_the_exporter_arguments()
    {
        HistoryOptions? parsed = null;
        var command = CommandLine.Create((_, _) => Task.FromResult(0));
        command.Subcommands.Add(HistoryCommandLine.Create((options, _) =>
        {
            parsed = options;
            return Task.FromResult(0);
        }));

        var exit = command.Parse(["history", "days", "--rules-b", "other", "--truth", "t.csv", "--format", "json", "--exporter-arg=--config", "--exporter-arg=thresholds.json"]).Invoke();

        exit.ShouldBe(0);
        parsed.ShouldNotBeNull();
        parsed.Directory.ShouldBe("days");
        parsed.RulesDirectory.ShouldBe("rules");
        parsed.RulesDirectoryB.ShouldBe("other");
        parsed.TruthFile.ShouldBe("t.csv");
        parsed.Format.ShouldBe(OutputFormat.Json);
        parsed.ExporterArguments.ShouldBe(["--config", "thresholds.json"]);
    }

    [Fact]
    public void The_live_replay_takes_the_same_exporter_arguments()
    {
        var options = CommandLine.Options(CommandLine.Create((_, _) => Task.FromResult(0)).Parse(["a.csv", "--exporter-arg=--config", "--exporter-arg=thresholds.json"]));

        options.ExporterArguments.ShouldBe(["--config", "thresholds.json"]);
    }

    [Fact]
    public async Task An_exporter_argument_the_exporter_refuses_fails_the_backtest_with_the_exporters_reason()
    {
        using var dir = new TempDirectory();
        File.Copy(RepoPaths.DataFile("checkout_1.csv"), dir.File("checkout_2026-09-01.csv"));

        var backtest = new HistoryBacktest(new HistoryOptions(dir.Path, RepoPaths.Rules, ExporterArguments: ["--time-zone", "Mars/Base"]), TextWriter.Null);

        (await Should.ThrowAsync<BacktestException>(backtest.RunAsync())).Message.ShouldContain("Checkout:TimeZone = 'Mars/Base'");
    }
}
