using System.Globalization;
using System.Text.RegularExpressions;

namespace KpiMonitoring.Stack.Tests.HighAvailability;

/// <summary>
/// tools/Stack's LocalStack with --ha, as `make demo DEMO_ARGS=--ha` runs it, with faster timers: the exporter
/// replays checkout_2 (no checkouts from 15h to 17h) from hour 14, two Prometheus replicas evaluate rules/ and send
/// to both Alertmanagers, which are clustered over loopback with short gossip timings
/// (<see cref="AlertmanagerGossip.Fast"/>) and deliver to the capture receivers.
/// </summary>
internal sealed partial class HighAvailabilityStack : IAsyncDisposable
{
    public const int StartHour = 14;
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private HighAvailabilityStack(LocalStack stack, double secondsPerHour, int routeTimerDivisor)
    {
        Stack = stack;
        SecondsPerHour = secondsPerHour;
        P1GroupWait = TimeSpan.FromSeconds(10.0 / routeTimerDivisor);
        P1GroupInterval = TimeSpan.FromSeconds(60.0 / routeTimerDivisor);
    }

    public LocalStack Stack { get; }

    public double SecondsPerHour { get; }

    /// <summary>The shipped P1 group_wait (10 s) at this run's timer divisor.</summary>
    public TimeSpan P1GroupWait { get; }

    /// <summary>The shipped P1 group_interval (1 m) at this run's timer divisor.</summary>
    public TimeSpan P1GroupInterval { get; }

    /// <summary>
    /// How long after an Alertmanager holds the alert a duplicate could still appear: the second member sends (if it
    /// does not see the first one's notification log entry) one group_wait plus one peer timeout after it got the
    /// alert; 2 s more for a busy machine.
    /// </summary>
    public TimeSpan DuplicateWindow => P1GroupWait + AlertmanagerGossip.Fast.PeerTimeout + TimeSpan.FromSeconds(2);

    /// <summary>A replayed day and a bit: the longest any wait for an hour may take.</summary>
    public TimeSpan DayTimeout => TimeSpan.FromSeconds((24 * SecondsPerHour) + 30);

    public static async Task<HighAvailabilityStack> StartAsync(double secondsPerHour, int routeTimerDivisor, TimeSpan alertResendDelay)
    {
        var stack = await LocalStack.StartAsync(
            new StackOptions
            {
                WorkDirectory = Directory.CreateTempSubdirectory("kpi-ha-").FullName,
                DataFiles = [RepoPaths.DataFile(OutageNotifications.Dataset + ".csv")],
                SecondsPerHour = secondsPerHour,
                StartHour = StartHour,
                ScrapeInterval = Interval,
                EvaluationInterval = Interval,
                RouteTimerDivisor = routeTimerDivisor,
                Database = false,
                HighAvailability = true,
                Gossip = AlertmanagerGossip.Fast,
                AlertResendDelay = alertResendDelay,
            },
            TextWriter.Null);
        return new HighAvailabilityStack(stack, secondsPerHour, routeTimerDivisor);
    }

    public OutageNotifications Notifications() => OutageNotifications.Of(Stack);

    /// <summary>When the exporter was first seen judging <paramref name="hour"/> after <paramref name="after"/> (default: its start).</summary>
    public Task<DateTimeOffset> HourAsync(int hour, DateTimeOffset? after = null) =>
        Stack.JudgedHour.EnteredAsync(hour, after ?? Stack.ExporterStarted, DayTimeout);

    /// <summary>Waits until PagerDuty, Slack and email all have the outage's firing notification.</summary>
    public async Task<OutageNotifications> WaitForPageAsync(TimeSpan timeout)
    {
        await PollAsync(
            () => Task.FromResult(Notifications().Delivered),
            timeout,
            TimeSpan.FromMilliseconds(100),
            () => $"the outage's P1 to reach every receiver: {Notifications()}{Environment.NewLine}{Stack.Diagnostics()}");
        return Notifications();
    }

    /// <summary>Waits until PagerDuty has the outage's resolve.</summary>
    public async Task<OutageNotifications> WaitForResolveAsync(TimeSpan timeout)
    {
        await Stack.PagerDuty.WaitForAsync(_ => Notifications().Resolves.Count > 0, timeout, "the outage's resolve");
        return Notifications();
    }

    /// <summary>Waits until <paramref name="alertmanager"/> holds the outage's alert as active (not silenced or inhibited).</summary>
    public static Task WaitUntilHoldsOutageAsync(AlertmanagerServer alertmanager, TimeSpan timeout, TimeSpan poll) =>
        PollAsync(
            () => HoldsOutageAsync(alertmanager),
            timeout,
            poll,
            () => $"Alertmanager {alertmanager.BaseUrl} to get the outage's alert:{Environment.NewLine}{alertmanager.Output}");

    public static async Task<bool> HoldsOutageAsync(AlertmanagerServer alertmanager) =>
        (await alertmanager.GetAlertsAsync()).Any(IsOutage);

    public static bool IsOutage(AlertmanagerAlertStatus alert) =>
        alert.State == "active"
        && alert.Labels.GetValueOrDefault("alertname") == OutageNotifications.Alert
        && alert.Labels.GetValueOrDefault("dataset") == OutageNotifications.Dataset;

    /// <summary>Waits until <paramref name="prometheus"/> has the outage's alert firing (it evaluated the rules since it started).</summary>
    public static Task WaitUntilFiringAsync(PrometheusServer prometheus, TimeSpan timeout) =>
        PollAsync(
            async () => (await prometheus.AlertsAsync()).EnumerateArray().Any(alert =>
                alert.GetProperty("state").GetString() == "firing"
                && alert.GetProperty("labels").GetProperty("alertname").GetString() == OutageNotifications.Alert),
            timeout,
            TimeSpan.FromMilliseconds(100),
            () => $"Prometheus {prometheus.BaseAddress} to fire {OutageNotifications.Alert}:{Environment.NewLine}{prometheus.Output}");

    /// <summary>Checks <paramref name="done"/> every <paramref name="poll"/> until it holds; on timeout says what it waited for.</summary>
    public static async Task PollAsync(Func<Task<bool>> done, TimeSpan timeout, TimeSpan poll, Func<string> waitingFor)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#} s waiting for {waitingFor()}");
            }

            await Task.Delay(poll);
        }
    }

    /// <summary>
    /// prometheus_notifications_sent_total of <paramref name="prometheus"/> (its own /metrics), per Alertmanager it
    /// sends to (the label is the Alertmanager's alerts URL).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, double>> NotificationsSentAsync(PrometheusServer prometheus)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var metrics = await client.GetStringAsync(new Uri(prometheus.BaseAddress, "/metrics"));
        return SentLine().Matches(metrics).ToDictionary(
            match => match.Groups["alertmanager"].Value,
            match => double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    public ValueTask DisposeAsync() => Stack.DisposeAsync();

    [GeneratedRegex("""^prometheus_notifications_sent_total\{alertmanager="(?<alertmanager>[^"]+)"\} (?<value>\S+)$""", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex SentLine();
}
