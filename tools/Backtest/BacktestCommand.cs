using System.CommandLine;
using KpiMonitoring.Backtest.History;
using KpiMonitoring.Tools;

namespace KpiMonitoring.Backtest;

/// <summary>The command: parse, run, print the result on <c>output</c> and everything else on <c>progress</c>.</summary>
internal static class BacktestCommand
{
    /// <summary>Exit code 0 with a result (or the help), 1 when the backtest failed, 2 for a bad command line.</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter progress, CancellationToken cancellationToken = default) =>
        ToolCommandLine.InvokeAsync(
            WithSubcommands(CommandLine.Create((options, cancellation) => RunAsync(options, output, progress, cancellation)), output, progress),
            args,
            "backtest",
            output,
            progress,
            cancellationToken);

    /// <summary>The offline backtest of a directory of days (<c>history</c>) and the history generator (<c>generate</c>).</summary>
    private static RootCommand WithSubcommands(RootCommand command, TextWriter output, TextWriter progress)
    {
        command.Subcommands.Add(HistoryCommandLine.Create((options, cancellation) => HistoryCommand.RunAsync(options, output, progress, cancellation)));
        command.Subcommands.Add(GenerateCommandLine.Create(progress));
        return command;
    }

    private static async Task<int> RunAsync(BacktestOptions options, TextWriter output, TextWriter progress, CancellationToken cancellationToken)
    {
        try
        {
            var verdicts = await new BacktestRunner(options, progress).RunAsync(cancellationToken);
            await output.WriteAsync(options.Format == OutputFormat.Json ? JsonFormatter.Format(verdicts) : TableFormatter.Format(verdicts));
            return 0;
        }
        catch (Exception ex) when (ex is BacktestException or InvalidOperationException or TimeoutException
            or HttpRequestException or FileNotFoundException or System.ComponentModel.Win32Exception)
        {
            // A server that failed to start or answer: its message carries the server's own output.
            await progress.WriteLineAsync($"backtest failed: {ex.Message}");
            return 1;
        }
    }
}
