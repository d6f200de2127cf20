using KpiMonitoring.Backtest;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Stop the exporter and Prometheus on the way out instead of leaving them running.
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    return await BacktestCommand.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
}
catch (OperationCanceledException)
{
    return 130;
}
