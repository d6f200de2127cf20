using KpiMonitoring.LocalServers.Capture;

namespace KpiMonitoring.Stack;

/// <summary>
/// The stack with a checkout export refreshed within the hour, for measuring how long a stop of checkouts takes to
/// page on the CSV path: the feeder rewrites one dataset's file every <c>refresh</c> with the running hour partial
/// at a steady rate (the baselines say the same rate), the exporter reads it in live mode (k and the rate gate as
/// shipped), and Prometheus and Alertmanager run the shipped rules and routing. The outage command of the feeder
/// stops the checkouts. Used by the full-stack test and by <c>KpiMonitoring.Stack --time-to-detect RATE --csv</c>.
/// </summary>
internal static class CheckoutExportStack
{
    public const string Alert = "CheckoutSilence";
    public const string Dataset = "checkout_export";

    public static StackOptions Options(string workDirectory, double perHour, TimeSpan refresh, TimeSpan interval, int routeTimerDivisor) => new()
    {
        WorkDirectory = workDirectory,
        Database = false,
        BackfillDays = 0,
        ScrapeInterval = interval,
        EvaluationInterval = interval,
        RouteTimerDivisor = routeTimerDivisor,
        CheckoutExport = new CheckoutExportSettings { Dataset = Dataset, PerHour = perHour, RefreshSeconds = refresh.TotalSeconds },
    };

    /// <summary>Triggers of <see cref="Alert"/> for <see cref="Dataset"/> that reached the PagerDuty capture, with their arrival time.</summary>
    public static IReadOnlyList<(DateTimeOffset At, PagerDutyEvent Event)> Pages(LocalStack stack) =>
        SteadyFeedStack.Pages(stack, Alert, "dataset", Dataset);

    /// <summary>Waits for the first page of <see cref="Alert"/> for <see cref="Dataset"/> that arrived after <paramref name="after"/>.</summary>
    public static Task<DateTimeOffset> WaitForPageAsync(LocalStack stack, DateTimeOffset after, TimeSpan timeout) =>
        SteadyFeedStack.WaitForPageAsync(stack, () => Pages(stack), after, timeout, $"{Alert} for {Dataset}");
}
