using System.CommandLine;
using KpiMonitoring.Tools;

namespace KpiMonitoring.Backtest;

/// <summary>
/// <c>KpiMonitoring.Backtest [--format table|json] [--rules DIR] [--thresholds FILE] [--seconds-per-hour S] FILE...</c>
/// </summary>
internal static class CommandLine
{
    private static readonly Argument<string[]> Files = ToolCommandLine.Files(
        "FILE", "a checkout day (.csv or .tsv); several files replay together, one dataset each");

    internal static readonly Option<string> Format = new("--format")
    {
        Description = "output format",
        HelpName = "table|json",
        DefaultValueFactory = _ => "table",
        Validators =
        {
            result =>
            {
                if (result.Tokens.Count > 0 && result.Tokens[^1].Value is not ("table" or "json") and var text)
                {
                    result.AddError($"--format must be table or json, not '{text}'");
                }
            },
        },
    };

    internal static readonly Option<string> Rules = new("--rules")
    {
        Description = "directory of Prometheus rule files (*.yml)",
        HelpName = "DIR",
        DefaultValueFactory = _ => "rules",
    };

    internal static readonly Option<string?> Thresholds = new("--thresholds")
    {
        Description = "an exporter settings file (JSON, the shape of appsettings.json; e.g. other Checkout:Thresholds) given to the exporter as --config (the same as --exporter-arg=--config --exporter-arg=FILE)",
        HelpName = "FILE",
        Validators =
        {
            result =>
            {
                if (result.Tokens.Count > 0 && result.Tokens[^1].Value is var file && !File.Exists(file))
                {
                    result.AddError($"--thresholds {file}: no such file");
                }
            },
        },
    };

    /// <summary>Extra exporter arguments, for the live replay and the offline backtest alike.</summary>
    internal static readonly Option<string[]> ExporterArguments = new("--exporter-arg")
    {
        Description = "an argument appended to the exporter's command line; repeat for several (--exporter-arg=--config --exporter-arg=FILE)",
        HelpName = "ARG",
    };

    private static readonly Option<double> SecondsPerHour = ToolCommandLine.Number(
        "--seconds-per-hour", "wall-clock seconds per replayed hour (the run takes about 27 x S)", defaultValue: 2, min: 1, max: 60, helpName: "S");

    /// <summary>The command; <paramref name="run"/> runs the backtest a valid command line describes.</summary>
    public static RootCommand Create(Func<BacktestOptions, CancellationToken, Task<int>> run)
    {
        var command = new RootCommand("Replays checkout days through the exporter and a real Prometheus loaded with the rules; one row per hour.")
        {
            Files, Format, Rules, Thresholds, SecondsPerHour, ExporterArguments,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(Files) is not { Tokens.Count: > 0 })
            {
                result.AddError("no day file given (make backtest FILE=data/checkout_2.csv)");
            }
        });
        command.SetAction((result, cancellationToken) => run(Options(result), cancellationToken));
        return command;
    }

    /// <summary>The backtest a parsed command line describes.</summary>
    public static BacktestOptions Options(ParseResult result) =>
        new(
            result.GetRequiredValue(Files),
            result.GetRequiredValue(Rules),
            result.GetRequiredValue(SecondsPerHour),
            result.GetRequiredValue(Format) == "json" ? OutputFormat.Json : OutputFormat.Table,
            ExporterArgumentsOf(result));

    /// <summary>The exporter arguments a parsed command line asks for: <c>--config FILE</c> for <c>--thresholds</c>, then every <c>--exporter-arg</c>.</summary>
    internal static IReadOnlyList<string> ExporterArgumentsOf(ParseResult result) =>
        [.. result.GetValue(Thresholds) is { } thresholds ? ["--config", Path.GetFullPath(thresholds)] : Array.Empty<string>(), .. result.GetValue(ExporterArguments) ?? []];
}
