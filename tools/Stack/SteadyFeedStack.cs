using System.Globalization;
using KpiMonitoring.LocalServers;
using KpiMonitoring.LocalServers.Capture;

namespace KpiMonitoring.Stack;

/// <summary>
/// The stack fed at a steady rate, for measuring how long a stop of sales takes to page: the feeder writes
/// transactions so that <c>salesPerHour</c> of them an hour are sales (status approved, <see cref="SaleShare"/> of
/// the feeder's transactions), and the same at this time of day in each past week; the exporter watches the
/// stream (<see cref="Stream"/>, k and the gate as shipped) and a night-rate stream under its gate
/// (<see cref="NightStream"/>: refunds, 2 % of the transactions, gate at three times that, k = 1 so that only the
/// gate keeps it quiet).
/// Used by the full-stack test and by <c>KpiMonitoring.Stack --time-to-detect</c>.
/// </summary>
internal static class SteadyFeedStack
{
    public const string Alert = "RevenueSilence";
    public const string Stream = LocalStack.TransactionsTable;
    public const string NightStream = "transactions_refunds";

    /// <summary>Share of the feeder's transactions with status approved, the sales (tools/Feeder's status mix).</summary>
    public const double SaleShare = 0.90;

    /// <summary>Share of the feeder's transactions with status refunded.</summary>
    public const double RefundShare = 0.02;

    /// <summary>The feeder's transactions an hour that make <paramref name="salesPerHour"/> sales an hour.</summary>
    public static double TransactionsPerHour(double salesPerHour) => salesPerHour / SaleShare;

    public static StackOptions Options(string workDirectory, double salesPerHour, TimeSpan interval, int routeTimerDivisor, int databaseIntervalSeconds, int historyWeeks = 4, double slotSeconds = 900) => new()
    {
        WorkDirectory = workDirectory,

        // The exporter replays the normal day beside the stream: it never pages P1, so every page is the stream's.
        DataFiles = [RepoPaths.DataFile("checkout_1.csv")],
        ScrapeInterval = interval,
        EvaluationInterval = interval,
        RouteTimerDivisor = routeTimerDivisor,
        BackfillDays = 0,
        FeederArguments =
        [
            "--steady-per-hour", TransactionsPerHour(salesPerHour).ToString(CultureInfo.InvariantCulture),
            "--history-weeks", historyWeeks.ToString(CultureInfo.InvariantCulture),
        ],
        DatabaseIntervalSeconds = databaseIntervalSeconds,
        RevenueStreams =
        [
            new RevenueStreamSettings { Name = Stream, HistoryWeeks = historyWeeks, SlotSeconds = slotSeconds },
            new RevenueStreamSettings
            {
                Name = NightStream,
                RevenueStatus = "refunded",
                HistoryWeeks = historyWeeks,
                SlotSeconds = slotSeconds,
                SilenceThreshold = 1,
                // Three times the refund rate: far enough that the median of the weekly slots never reaches it.
                MinExpectedPerHour = Math.Ceiling(TransactionsPerHour(salesPerHour) * RefundShare * 3),
            },
        ],
    };

    /// <summary>Tells the feeder to stop writing for <paramref name="minutes"/>; returns the moment just before asking.</summary>
    public static async Task<DateTimeOffset> StartOutageAsync(LocalStack stack, double minutes, CancellationToken cancellationToken = default)
    {
        var control = stack.FeederControl ?? throw new InvalidOperationException("the stack runs without the feeder");
        using var http = new HttpClient();
        var before = DateTimeOffset.UtcNow;
        using var response = await http.PostAsync(new Uri(control, $"outage?minutes={minutes.ToString(CultureInfo.InvariantCulture)}"), null, cancellationToken);
        response.EnsureSuccessStatusCode();
        return before;
    }

    /// <summary>Triggers of <paramref name="alertname"/> for the stream <paramref name="table"/> that reached the PagerDuty capture, with their arrival time.</summary>
    public static IReadOnlyList<(DateTimeOffset At, PagerDutyEvent Event)> Pages(LocalStack stack, string alertname, string table) =>
        Pages(stack, alertname, "table", table);

    /// <summary>Triggers of <paramref name="alertname"/> whose PagerDuty detail <paramref name="label"/> is <paramref name="value"/>, with their arrival time.</summary>
    public static IReadOnlyList<(DateTimeOffset At, PagerDutyEvent Event)> Pages(LocalStack stack, string alertname, string label, string value) =>
        stack.PagerDuty.Messages.Snapshot()
            .Where(e => e.EventAction == "trigger" && e.Class == alertname && e.Detail(label) == value)
            .Select(e => (e.Request.ReceivedAt, e))
            .ToList();

    /// <summary>Every trigger that reached the PagerDuty capture (any alert).</summary>
    public static IReadOnlyList<PagerDutyEvent> Triggers(LocalStack stack) =>
        stack.PagerDuty.Messages.Snapshot().Where(e => e.EventAction == "trigger").ToList();

    /// <summary>Waits for the first page of <see cref="Alert"/> for <see cref="Stream"/> that arrived after <paramref name="after"/>.</summary>
    public static Task<DateTimeOffset> WaitForPageAsync(LocalStack stack, DateTimeOffset after, TimeSpan timeout) =>
        WaitForPageAsync(stack, () => Pages(stack, Alert, Stream), after, timeout, $"{Alert} for {Stream}");

    /// <summary>Waits for the first of <paramref name="pages"/> that arrived after <paramref name="after"/>; <paramref name="what"/> names it in the timeout's message.</summary>
    public static async Task<DateTimeOffset> WaitForPageAsync(LocalStack stack, Func<IReadOnlyList<(DateTimeOffset At, PagerDutyEvent Event)>> pages, DateTimeOffset after, TimeSpan timeout, string what)
    {
        await stack.PagerDuty.WaitForAsync(_ => pages().Any(p => p.At >= after), timeout, what);
        return pages().First(p => p.At >= after).At;
    }

    /// <summary>The value of an instant query that returns one sample, or null.</summary>
    public static async Task<double?> ValueAsync(LocalStack stack, string promql)
    {
        var result = await stack.Prometheus.QueryAsync(promql);
        return result.GetArrayLength() == 0
            ? null
            : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }
}
