using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace KpiMonitoring.Tools;

/// <summary>
/// What the command lines of tools/Feeder, tools/Backtest and tools/Stack share on top of System.CommandLine
/// (this file is compiled into each of them): numbers read with the invariant culture and checked against a
/// range, with errors that name the option and the value; and one way to run a command, where a bad command line
/// prints the errors and the help on stderr and exits 2, and --help prints the help on stdout and exits 0.
/// </summary>
internal static class ToolCommandLine
{
    public const int BadCommandLine = 2;

    /// <summary>
    /// Zero or more file names. A token that starts with "--" is an unknown option, not a file: without this check
    /// System.CommandLine hands it to the argument as a file name.
    /// </summary>
    public static Argument<string[]> Files(string name, string description) =>
        new(name)
        {
            Description = description,
            Arity = ArgumentArity.ZeroOrMore,
            Validators =
            {
                result =>
                {
                    if (result.Tokens.FirstOrDefault(token => token.Value.StartsWith("--", StringComparison.Ordinal)) is { } unknown)
                    {
                        result.AddError($"unknown option '{unknown.Value}'");
                    }
                },
            },
        };

    /// <summary>An option holding a number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<double> Number(string name, string description, double defaultValue, double min, double max = double.MaxValue, string? helpName = null) =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => ParseNumber(result, name, min, max),
        };

    /// <summary>An option holding a whole number from <paramref name="min"/> to <paramref name="max"/>; absent means <paramref name="defaultValue"/>.</summary>
    public static Option<int> Integer(string name, string description, int defaultValue, int min, int max = int.MaxValue, string? helpName = null) =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => (int)ParseNumber(result, name, min, max, wholeNumber: true),
        };

    /// <summary>An optional whole number from <paramref name="min"/> to <paramref name="max"/>; null when absent.</summary>
    public static Option<int?> OptionalInteger(string name, string description, int min, int max = int.MaxValue, string? helpName = null) =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = result => (int)ParseNumber(result, name, min, max, wholeNumber: true),
        };

    /// <summary>
    /// Parses <paramref name="args"/> and runs the command's action with <paramref name="output"/> as stdout; see
    /// <see cref="TryParse"/> for a bad command line and --help.
    /// </summary>
    public static async Task<int> InvokeAsync(RootCommand command, IReadOnlyList<string> args, string tool, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (!TryParse(command, args, tool, output, error, out var parsed, out var exitCode))
        {
            return exitCode;
        }

        return await parsed.InvokeAsync(Configuration(output, error), cancellationToken);
    }

    /// <summary>
    /// Parses <paramref name="args"/>. False when there is nothing to run: a bad command line (the reasons, as
    /// "<paramref name="tool"/>: reason" lines, and the help go to <paramref name="error"/>; exit code
    /// <see cref="BadCommandLine"/>) or --help/--version (printed on <paramref name="output"/>; exit code 0).
    /// </summary>
    public static bool TryParse(RootCommand command, IReadOnlyList<string> args, string tool, TextWriter output, TextWriter error, out ParseResult parsed, out int exitCode)
    {
        parsed = command.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                error.WriteLine($"{tool}: {problem.Message}");
            }

            command.Parse(["--help"]).Invoke(Configuration(error, error));
            exitCode = BadCommandLine;
            return false;
        }

        if (parsed.Action is { } action && action != command.Action)
        {
            exitCode = parsed.Invoke(Configuration(output, error));
            return false;
        }

        exitCode = 0;
        return true;
    }

    // Signals stay with the tool (its own Ctrl-C handling stops what it started), so System.CommandLine leaves them alone.
    private static InvocationConfiguration Configuration(TextWriter output, TextWriter error) =>
        new() { Output = output, Error = error, ProcessTerminationTimeout = null };

    private static double ParseNumber(ArgumentResult result, string name, double min, double max, bool wholeNumber = false)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        var style = wholeNumber ? NumberStyles.Integer : NumberStyles.Float;
        if (double.TryParse(text, style, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && number >= min && number <= max)
        {
            return number;
        }

        var kind = wholeNumber ? "a whole number" : "a number";
        var range = max == double.MaxValue || max == int.MaxValue
            ? $">= {min.ToString(CultureInfo.InvariantCulture)}"
            : $"from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
        result.AddError($"{name} must be {kind} {range}, not '{text}'");
        return min;
    }
}
