using System.CommandLine;
using System.Globalization;
using KpiMonitoring.Tools;

namespace KpiMonitoring.Backtest.History;

/// <summary>
/// <c>KpiMonitoring.Backtest generate --out DIR [--days N] [--start YYYY-MM-DD] [--seed S] [--dataset NAME]
/// [--shape FILE] [--incidents N]</c>
/// </summary>
internal static class GenerateCommandLine
{
    private static readonly Option<string> Output = new("--out")
    {
        Description = "directory the day files (DATASET_YYYY-MM-DD.csv) and truth.csv are written to",
        HelpName = "DIR",
        Required = true,
    };

    private static readonly Option<int> Days = ToolCommandLine.Integer("--days", "days to write", defaultValue: 90, min: 1, max: 3660, helpName: "N");

    private static readonly Option<string> Start = new("--start")
    {
        Description = "the first day",
        HelpName = "YYYY-MM-DD",
        DefaultValueFactory = _ => HistoryGenerator.DefaultStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Validators =
        {
            result =>
            {
                if (result.Tokens.Count > 0 && !DateOnly.TryParseExact(result.Tokens[^1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    result.AddError($"--start must be a date YYYY-MM-DD, not '{result.Tokens[^1].Value}'");
                }
            },
        },
    };

    private static readonly Option<int> Seed = ToolCommandLine.Integer("--seed", "random seed: the same seed writes the same files", defaultValue: 1, min: 0, helpName: "S");

    private static readonly Option<string> Dataset = new("--dataset")
    {
        Description = "dataset name (the file name's prefix)",
        HelpName = "NAME",
        DefaultValueFactory = _ => "checkout",
    };

    private static readonly Option<string> Shape = new("--shape")
    {
        Description = "the real day whose avg_last_month column gives the hourly rates",
        HelpName = "FILE",
        DefaultValueFactory = _ => "data/checkout_1.csv",
    };

    private static readonly Option<int?> Incidents = ToolCommandLine.OptionalInteger("--incidents", "incidents to inject (default: one per ten days)", min: 0, helpName: "N");

    public static Command Create(TextWriter progress)
    {
        var command = new Command("generate", "Writes realistic history from a real day's shape (weekday/weekend rhythm, noise, injected incidents recorded in truth.csv); deterministic for a seed.")
        {
            Output, Days, Start, Seed, Dataset, Shape, Incidents,
        };
        command.SetAction(result =>
        {
            var options = new GeneratorOptions(
                result.GetRequiredValue(Output),
                result.GetRequiredValue(Days),
                DateOnly.ParseExact(result.GetRequiredValue(Start), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                result.GetRequiredValue(Seed),
                result.GetRequiredValue(Dataset),
                result.GetRequiredValue(Shape),
                result.GetValue(Incidents));
            try
            {
                var truth = HistoryGenerator.Write(options);
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"backtest: wrote {options.Days} days of {options.Dataset} to {options.OutputDirectory} with {truth.DistinctBy(t => t.Date).Count()} incidents ({truth.Count} hours) in {HistoryGenerator.TruthFileName}"));
                return 0;
            }
            catch (Exception ex) when (ex is BacktestException or IOException or UnauthorizedAccessException)
            {
                progress.WriteLine($"backtest failed: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
