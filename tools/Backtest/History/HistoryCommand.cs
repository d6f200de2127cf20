namespace KpiMonitoring.Backtest.History;

/// <summary>
/// <c>history DIR</c>: runs the offline backtest, prints the report on <c>output</c> and writes it, with the
/// chart, next to the directory (<c>DIR.backtest.txt</c> or <c>.json</c>, and <c>DIR.backtest.svg</c>).
/// </summary>
internal static class HistoryCommand
{
    public static async Task<int> RunAsync(HistoryOptions options, TextWriter output, TextWriter progress, CancellationToken cancellationToken)
    {
        try
        {
            var truth = options.TruthFile is { } file ? TruthFile.Read(file) : null;
            var run = await new HistoryBacktest(options, progress).RunAsync(cancellationToken);
            var report = HistoryReport.Build(run, truth);
            var text = options.Format == OutputFormat.Json ? HistoryJsonFormatter.Format(report) : HistoryTableFormatter.Format(report);
            await output.WriteAsync(text);

            var stem = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Directory)) + ".backtest";
            var chart = options.ChartFile ?? stem + ".svg";
            var reportFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(chart))!, Path.GetFileNameWithoutExtension(chart) + (options.Format == OutputFormat.Json ? ".json" : ".txt"));
            await File.WriteAllTextAsync(reportFile, text, cancellationToken);
            await File.WriteAllTextAsync(chart, HistoryChart.Render(report, run.Hours, truth), cancellationToken);
            await progress.WriteLineAsync($"backtest: report {reportFile}, chart {chart}");
            return 0;
        }
        catch (Exception ex) when (ex is BacktestException or InvalidOperationException or TimeoutException
            or HttpRequestException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            await progress.WriteLineAsync($"backtest failed: {ex.Message}");
            return 1;
        }
    }
}
