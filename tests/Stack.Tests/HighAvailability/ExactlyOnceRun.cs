namespace KpiMonitoring.Stack.Tests.HighAvailability;

/// <summary>
/// One replay of checkout_2 through the HA stack, in phases during the outage (15h to 17h):
/// 1. the pair and the cluster healthy: the P1 reaches each receiver, then a duplicate has time to show;
/// 2. a silence is created, both Alertmanagers are stopped (SIGTERM) and the first one is started again alone with
///    its storage: with its peer down, only its own storage can tell it that the page went out and what is silenced.
///    Prometheus sends it the still-firing outage; it must not page again, and it must silence a probe alert.
/// </summary>
public sealed class ExactlyOnceRun : HighAvailabilityRun
{
    /// <summary>An alert posted only to check the silence; severity P1, so that it would page if the silence were lost.</summary>
    public static readonly IReadOnlyDictionary<string, string> Probe = new Dictionary<string, string>
    {
        ["alertname"] = "HighAvailabilityProbe",
        ["severity"] = "P1",
        ["dataset"] = "ha_probe",
    };

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

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

    public int ProbeNotifications { get; private set; }

    protected override double SecondsPerHour => 8;

    protected override int RouteTimerDivisor => 10;

    protected override TimeSpan AlertResendDelay => TimeSpan.FromSeconds(2);

    private protected override async Task RunAsync(HighAvailabilityStack ha)
    {
        var stack = ha.Stack;
        await ha.HourAsync(15);
        await ha.WaitForPageAsync(TimeSpan.FromSeconds(20));
        await Task.Delay(ha.DuplicateWindow);
        Healthy = ha.Notifications();
        HeldAlerts = await Task.WhenAll(stack.AlertmanagerServers.Select(async member =>
            (IReadOnlyList<AlertmanagerAlertStatus>)[.. (await member.GetAlertsAsync()).Where(HighAvailabilityStack.IsOutage)]));
        Sent = await Task.WhenAll(stack.PrometheusServers.Select(HighAvailabilityStack.NotificationsSentAsync));
        AlertmanagerUrls = [.. stack.AlertmanagerServers.Select(member => new Uri(member.BaseUrl, "api/v2/alerts").ToString())];

        var (first, second) = (stack.AlertmanagerServers[0], stack.AlertmanagerServers[1]);
        SilenceId = await first.CreateSilenceAsync(Probe, TimeSpan.FromHours(1), "high-availability test: survives a restart");
        await HighAvailabilityStack.PollAsync(
            async () => (await second.GetSilencesAsync()).Any(s => s.Id == SilenceId), Timeout, Poll, () => "the silence to reach the second member");
        await second.StopAsync();
        await first.StopAsync();
        await first.RestartAsync();

        SilencesAfterRestart = await first.GetSilencesAsync();
        await first.PostAlertsAsync(new AlertmanagerAlert(Probe));
        await HighAvailabilityStack.WaitUntilHoldsOutageAsync(first, Timeout, Poll);
        await HighAvailabilityStack.PollAsync(
            async () => (await first.ClusterStatusAsync()).Status == "ready", Timeout, Poll, () => "the restarted Alertmanager to settle");
        ProbeAfterRestart = (await first.GetAlertsAsync()).FirstOrDefault(a => a.Labels.GetValueOrDefault("alertname") == Probe["alertname"]);

        // Its first flush of the outage's group comes one group_wait after the alert arrived (and not before it
        // settled); without the notification log from its storage it would page then.
        await Task.Delay(ha.P1GroupWait + TimeSpan.FromSeconds(2));
        AfterRestart = ha.Notifications();
        ProbeNotifications = OutageNotifications.Mentioning(stack, Probe["alertname"]);
    }
}
