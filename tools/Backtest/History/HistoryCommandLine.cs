using System.CommandLine;

namespace KpiMonitoring.Backtest.History;

/// <summary>
/// <c>KpiMonitoring.Backtest history DIR [--rules DIR] [--rules-b DIR] [--truth FILE] [--format table|json]
/// [--chart FILE] [--exporter-arg ARG]...</c>
/// </summary>
internal static class HistoryCommandLine
{
    private static readonly Argument<string> Directory = new("DIR")
    {
        Description = "directory of day files named DATASET_YYYY-MM-DD.csv (or .tsv), one per dataset and day",
    };

    private static readonly Option<string?> RulesB = new("--rules-b")
    {
        Description = "a second directory of rule files: print the pages it adds and removes, by hour",
        HelpName = "DIR",
    };

    private static readonly Option<string?> Truth = new("--truth")
    {
        Description = "CSV of incident hours (dataset,date,hour,severity,kind), e.g. the generator's truth.csv: adds hits, misses, false alarms, precision and recall per severity (default: DIR/truth.csv when present)",
        HelpName = "FILE",
    };

    private static readonly Option<string?> Chart = new("--chart")
    {
        Description = "where the SVG chart goes (default: next to DIR, as DIR.backtest.svg, with the report as DIR.backtest.txt or .json)",
        HelpName = "FILE",
    };

    /// <summary>The subcommand; <paramref name="run"/> runs the backtest a valid command line describes.</summary>
    public static Command Create(Func<HistoryOptions, CancellationToken, Task<int>> run)
    {
        var command = new Command("history", "Backtests many days offline: the real exporter renders each hour, promtool backfills a TSDB, a real Prometheus evaluates the rules over the range; prints alert counts, pages per week and, with a truth file, precision and recall.")
        {
            Directory, CommandLine.Rules, RulesB, CommandLine.Thresholds, Truth, CommandLine.Format, Chart, CommandLine.ExporterArguments,
        };
        command.SetAction((result, cancellationToken) => run(Options(result), cancellationToken));
        return command;
    }

    public static HistoryOptions Options(ParseResult result)
    {
        var directory = result.GetRequiredValue(Directory);
        var truth = result.GetValue(Truth) ?? (File.Exists(Path.Combine(directory, "truth.csv")) ? Path.Combine(directory, "truth.csv") : null);
        return new HistoryOptions(
            directory,
            result.GetRequiredValue(CommandLine.Rules),
            result.GetValue(RulesB),
            truth,
            result.GetRequiredValue(CommandLine.Format) == "json" ? OutputFormat.Json : OutputFormat.Table,
            result.GetValue(Chart),
            CommandLine.ExporterArgumentsOf(result));
    }
}
