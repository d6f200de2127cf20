namespace KpiMonitoring.Stack.Tests.HighAvailability;

/// <summary>
/// One replay of checkout_2 through the HA stack, in phases during the outage (15h to 17h):
/// 1. the pair and the cluster healthy: the P1 reaches each receiver, then a duplicate has time to show;
/// 2. a silence is created, both Alertmanagers are stopped (SIGTERM) and the first one is started again alone with
///    its storage: with its peer down, only its own storage can tell it that the page went out and what is silenced.
///    Prometheus sends it the still-firing outage; it must not page again, and it must silence a probe alert.
/// </summary>
public sealed class ExactlyOnceRun : IAsyncLifetime
{
    public const double SecondsPerHour = 8;
    public const int RouteTimerDivisor = 10;

    /// <summary>An alert posted only to check the silence; severity P1, so that it would page if the silence were lost.</summary>
    public static readonly IReadOnlyDictionary<string, string> Probe = new Dictionary<string, string>
    {
        ["alertname"] = "HighAvailabilityProbe",
        ["severity"] = "P1",
        ["dataset"] = "ha_probe",
    };

    private HighAvailabilityStack? _ha;

    public OutageNotifications Healthy { get; private set; } = null!;

    /// <summary>The outage's alert as each Alertmanager holds it, per member.</summary>
    public IReadOnlyList<IReadOnlyList<AlertmanagerAlertStatus>> HeldAlerts { get; private set; } = [];

    /// <summary>prometheus_notifications_sent_total of each replica, per Alertmanager.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> Sent { get; private set; } = [];

    public IReadOnlyList<string> AlertmanagerUrls { get; private set; } = [];

    public string SilenceId { get; private set; } = string.Empty;

    public IReadOnlyList<AlertmanagerSilence> SilencesAfterRestart { get; private set; } = [];

    public AlertmanagerAlertStatus? ProbeAfterRestart { get; private set; }

    public OutageNotifications AfterRestart { get; private set; } = null!;

    /// <summary>The hour the exporter judged when the restart check ended: the outage must still have been on.</summary>
    public int? HourAfterRestartCheck { get; private set; }

    public int ProbeNotifications { get; private set; }

    public string Diagnostics { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _ha = await HighAvailabilityStack.StartAsync(SecondsPerHour, RouteTimerDivisor, alertResendDelay: TimeSpan.FromSeconds(2));
        var stack = _ha.Stack;
        try
        {
            await _ha.HourAsync(15);
            await _ha.WaitForPageAsync(TimeSpan.FromSeconds(20));
            await Task.Delay(_ha.DuplicateWindow);
            Healthy = _ha.Notifications();
            HeldAlerts = await Task.WhenAll(stack.AlertmanagerServers.Select(async member =>
                (IReadOnlyList<AlertmanagerAlertStatus>)[.. (await member.GetAlertsAsync()).Where(HighAvailabilityStack.IsOutage)]));
            Sent = await Task.WhenAll(stack.PrometheusServers.Select(HighAvailabilityStack.NotificationsSentAsync));
            AlertmanagerUrls = [.. stack.AlertmanagerServers.Select(member => new Uri(member.BaseUrl, "api/v2/alerts").ToString())];

            var (first, second) = (stack.AlertmanagerServers[0], stack.AlertmanagerServers[1]);
            SilenceId = await first.CreateSilenceAsync(Probe, TimeSpan.FromHours(1), "high-availability test: survives a restart");
            await WaitUntilAsync(async () => (await second.GetSilencesAsync()).Any(s => s.Id == SilenceId), "the silence to reach the second member");
            await second.StopAsync();
            await first.StopAsync();
            await first.RestartAsync();

            SilencesAfterRestart = await first.GetSilencesAsync();
            await first.PostAlertsAsync(new AlertmanagerAlert(Probe));
            await HighAvailabilityStack.WaitUntilHoldsOutageAsync(first, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100));
            await WaitUntilAsync(async () => (await first.ClusterStatusAsync()).Status == "ready", "the restarted Alertmanager to settle");
            ProbeAfterRestart = (await first.GetAlertsAsync()).FirstOrDefault(a => a.Labels.GetValueOrDefault("alertname") == Probe["alertname"]);

            // Its first flush of the outage's group comes one group_wait after the alert arrived (and not before it
            // settled); without the notification log from its storage it would page then.
            await Task.Delay(_ha.P1GroupWait + TimeSpan.FromSeconds(2));
            AfterRestart = _ha.Notifications();
            HourAfterRestartCheck = stack.JudgedHour.Hour;
            ProbeNotifications = OutageNotifications.Mentioning(stack, Probe["alertname"]);
        }
        finally
        {
            Diagnostics = stack.Diagnostics();
        }
    }

    public async Task DisposeAsync()
    {
        if (_ha is not null)
        {
            await _ha.DisposeAsync();
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(100);
        }
    }
}
