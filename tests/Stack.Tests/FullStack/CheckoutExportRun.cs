using KpiMonitoring.Stack;

namespace KpiMonitoring.Stack.Tests.FullStack;

/// <summary>
/// One run of the whole stack on the CSV path, shared by the checkout-export tests: the feeder rewrites a checkout
/// export every second with the running hour partial, 3,600 checkouts an hour (the baselines say the same), and
/// the exporter reads it in live mode (k and the rate gate as shipped). The run records ten times k/λ of normal
/// feed, then an outage started at a recorded time and the first CheckoutSilence page.
/// </summary>
public sealed class CheckoutExportRun : IAsyncLifetime
{
    public const double PerHour = 3600;
    public const int RouteTimerDivisor = 10;
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>The shipped P1 group_wait (10 s) at the test's timer divisor.</summary>
    public static readonly TimeSpan P1GroupWait = TimeSpan.FromSeconds(10.0 / RouteTimerDivisor);

    private LocalStack? _stack;

    /// <summary>The checkouts an hour the rules expect now (median of the running hour's baselines).</summary>
    public double ExpectedPerHour { get; private set; }

    /// <summary>k / expected rate, as the rules record it.</summary>
    public TimeSpan AlarmSilence { get; private set; }

    public TimeSpan QuietFor { get; private set; }

    /// <summary>Triggers at the PagerDuty capture during the normal feed.</summary>
    public IReadOnlyList<string> QuietPages { get; private set; } = [];

    /// <summary>Checkout alerts firing in Prometheus at any evaluation during the normal feed.</summary>
    public int QuietAlertSeries { get; private set; }

    public DateTimeOffset OutageAt { get; private set; }

    public DateTimeOffset? PageAt { get; private set; }

    public string Diagnostics { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var work = Directory.CreateTempSubdirectory("kpi-export-").FullName;
        _stack = await LocalStack.StartAsync(CheckoutExportStack.Options(work, PerHour, Refresh, Interval, RouteTimerDivisor), TextWriter.Null);
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
        const string dataset = CheckoutExportStack.Dataset;
        var alarm = await SteadyFeedRun.WaitForValueAsync(stack, $"dataset:checkout_silence_alarm:seconds{{dataset=\"{dataset}\"}}", TimeSpan.FromSeconds(60));
        ExpectedPerHour = (await SteadyFeedStack.ValueAsync(stack, $"dataset:checkout_stream_expected_rate:per_second{{dataset=\"{dataset}\"}}") ?? 0) * 3600;
        AlarmSilence = TimeSpan.FromSeconds(alarm);

        // Normal feed for ten times the alarming silence: nothing may page, and no checkout alert may fire.
        QuietFor = AlarmSilence * 10;
        await Task.Delay(QuietFor);
        QuietPages = SteadyFeedStack.Triggers(stack).Select(e => e.Summary ?? "?").ToList();
        var window = $"{(int)Math.Ceiling(QuietFor.TotalSeconds)}s";
        QuietAlertSeries = (await stack.Prometheus.QueryAsync($"max_over_time(ALERTS{{alertname=~\"Checkout.*\"}}[{window}])")).GetArrayLength();

        OutageAt = await SteadyFeedStack.StartOutageAsync(stack, minutes: 30);
        try
        {
            PageAt = await CheckoutExportStack.WaitForPageAsync(stack, OutageAt, TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            PageAt = null;
        }
    }
}
