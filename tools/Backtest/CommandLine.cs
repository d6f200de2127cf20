using System.Globalization;

namespace KpiMonitoring.Backtest;

/// <summary>
/// <c>KpiMonitoring.Backtest [--format table|json] [--rules DIR] [--seconds-per-hour S] FILE...</c>
/// </summary>
internal static class CommandLine
{
    public const string Usage =
        "usage: KpiMonitoring.Backtest [--format table|json] [--rules DIR] [--seconds-per-hour S] FILE...\n" +
        "  FILE                 a checkout day (.csv or .tsv); several files replay together, one dataset each\n" +
        "  --format             table (default) or json\n" +
        "  --rules DIR          directory of Prometheus rule files (*.yml), default rules\n" +
        "  --seconds-per-hour S wall-clock seconds per replayed hour, default 2 (the run takes about 27 x S)\n";

    /// <summary>The options, or null when help was asked for.</summary>
    public static BacktestOptions? Parse(IReadOnlyList<string> args)
    {
        var files = new List<string>();
        var options = new BacktestOptions(files);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-h" or "--help":
                    return null;
                case "--format":
                    var format = Value(args, ref i);
                    options = options with
                    {
                        Format = format switch
                        {
                            "table" => OutputFormat.Table,
                            "json" => OutputFormat.Json,
                            _ => throw new ArgumentException($"--format must be table or json, not '{format}'"),
                        },
                    };
                    break;
                case "--rules":
                    options = options with { RulesDirectory = Value(args, ref i) };
                    break;
                case "--seconds-per-hour":
                    var text = Value(args, ref i);
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds is >= 1 and <= 60))
                    {
                        throw new ArgumentException($"--seconds-per-hour must be a number from 1 to 60, not '{text}'");
                    }

                    options = options with { SecondsPerHour = seconds };
                    break;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal))
                    {
                        throw new ArgumentException($"unknown option '{arg}'");
                    }

                    files.Add(arg);
                    break;
            }
        }

        if (files.Count == 0)
        {
            throw new ArgumentException("no day file given (make backtest FILE=data/checkout_2.csv)");
        }

        return options;
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count)
        {
            throw new ArgumentException($"{args[i]} needs a value");
        }

        return args[++i];
    }
}
