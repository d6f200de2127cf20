using KpiMonitoring.Stack;

namespace KpiMonitoring.Stack.Tests.FullStack;

/// <summary>
/// One run of the whole stack with the feeder writing a steady 3,600 sales an hour (4,000 transactions, 90 %
/// approved), and the same at this time of day in the last four weeks, shared by the steady-feed tests. The
/// exporter watches the sales stream (k and the rate gate as shipped) and a night-rate stream under its gate
/// (refunds, ~80 an hour, gate 240, k = 1). The run records: ten times k/λ of normal feed, then an outage started
/// at a recorded time, the first RevenueSilence page, and the night stream's state once its silence would have
/// paged without the gate.
/// </summary>
public sealed class SteadyFeedRun : IAsyncLifetime
{
    public const double PerHour = 3600;
    public const int RouteTimerDivisor = 10;
    public const int DatabaseIntervalSeconds = 1;
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>The shipped P1 group_wait (10 s) at the test's timer divisor.</summary>
    public static readonly TimeSpan P1GroupWait = TimeSpan.FromSeconds(10.0 / RouteTimerDivisor);

    private LocalStack? _stack;

    /// <summary>The sales an hour the exporter expects now, from the past weeks (Prometheus' recording rule).</summary>
    public double ExpectedPerHour { get; private set; }

    /// <summary>k / expected rate: the Poisson limit the alert is built on.</summary>
    public TimeSpan AlarmSilence { get; private set; }

    public TimeSpan QuietFor { get; private set; }

    /// <summary>Triggers at the PagerDuty capture during the normal feed.</summary>
    public IReadOnlyList<string> QuietPages { get; private set; } = [];

    /// <summary>RevenueSilence or RevenueRateDrop firing in Prometheus at any evaluation during the normal feed.</summary>
    public int QuietAlertSeries { get; private set; }

    public DateTimeOffset OutageAt { get; private set; }

    public DateTimeOffset? PageAt { get; private set; }

    /// <summary>The night stream's expected sales during its silence when it was judged (1 or more: past its k).</summary>
    public double? NightSilenceExpected { get; private set; }

    public IReadOnlyList<string> NightPages { get; private set; } = [];

    public int NightAlertSeries { get; private set; }

    public string Diagnostics { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var work = Directory.CreateTempSubdirectory("kpi-steady-").FullName;
        _stack = await LocalStack.StartAsync(SteadyFeedStack.Options(work, PerHour, Interval, RouteTimerDivisor, DatabaseIntervalSeconds), TextWriter.Null);
        try
        {
            await RunAsync(_stack);
        }
        finally
        {
            Diagnostics = _stack.Diagnostics();
        }
    }

    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
    }

    private async Task RunAsync(LocalStack stack)
    {
        const string stream = SteadyFeedStack.Stream;
        const string night = SteadyFeedStack.NightStream;
        var alarm = await WaitForValueAsync(stack, $"table:revenue_silence_alarm:seconds{{table=\"{stream}\"}}", TimeSpan.FromSeconds(60));
        ExpectedPerHour = (await SteadyFeedStack.ValueAsync(stack, $"table:revenue_expected_rate:per_second{{table=\"{stream}\"}}") ?? 0) * 3600;
        AlarmSilence = TimeSpan.FromSeconds(alarm);

        // Normal feed for ten times the alarming silence: nothing may page.
        QuietFor = AlarmSilence * 10;
        await Task.Delay(QuietFor);
        QuietPages = SteadyFeedStack.Triggers(stack).Select(e => e.Summary ?? "?").ToList();
        var window = $"{(int)Math.Ceiling(QuietFor.TotalSeconds)}s";
        QuietAlertSeries = (await stack.Prometheus.QueryAsync($"max_over_time(ALERTS{{alertname=~\"RevenueSilence|RevenueRateDrop\"}}[{window}])")).GetArrayLength();

        OutageAt = await SteadyFeedStack.StartOutageAsync(stack, minutes: 30);
        try
        {
            PageAt = await SteadyFeedStack.WaitForPageAsync(stack, OutageAt, TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            PageAt = null;
        }

        // Refunds stop too. Once their silence is past their k (1 expected refund), only the gate keeps them quiet;
        // give the pipeline an evaluation, a scrape, the group_wait and 2 s more to show a page if there were one.
        NightSilenceExpected = await WaitForValueAsync(stack, $"table:revenue_silence:expected_transactions{{table=\"{night}\"}} >= 1", TimeSpan.FromSeconds(120));
        await Task.Delay(Interval + Interval + P1GroupWait + TimeSpan.FromSeconds(2));
        NightPages = SteadyFeedStack.Pages(stack, SteadyFeedStack.Alert, night).Select(p => p.Event.Summary ?? "?").ToList();
        NightAlertSeries = (await stack.Prometheus.QueryAsync($"max_over_time(ALERTS{{table=\"{night}\"}}[5m])")).GetArrayLength();
    }

    /// <summary>Polls an instant query until it returns a value (also used by the checkout-export run).</summary>
    internal static async Task<double> WaitForValueAsync(LocalStack stack, string promql, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await SteadyFeedStack.ValueAsync(stack, promql) is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no value for {promql} within {timeout.TotalSeconds} s");
            }

            await Task.Delay(250);
        }
    }
}
