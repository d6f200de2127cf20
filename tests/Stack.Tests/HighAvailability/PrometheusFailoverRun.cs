namespace KpiMonitoring.Stack.Tests.HighAvailability;

/// <summary>
/// One replay of checkout_2 through the HA stack in which Prometheus replica a is killed before the outage, so that
/// replica b alone must page; then b, the only Prometheus left, is restarted with its storage during the outage.
/// Alertmanager keeps the alert for four resend delays (4 x 10 s here, 4 x 1 m in production) after the last time
/// Prometheus sent it, so a restart shorter than that neither resolves the incident nor pages it again.
/// </summary>
public sealed class PrometheusFailoverRun : HighAvailabilityRun
{
    /// <summary>The hour the exporter judged when replica a was killed.</summary>
    public int? HourAtKill { get; private set; }

    public OutageNotifications WithOneReplica { get; private set; } = null!;

    public OutageNotifications AfterRestart { get; private set; } = null!;

    public DateTimeOffset Hour18Start { get; private set; }

    public OutageNotifications Final { get; private set; } = null!;

    protected override double SecondsPerHour => 8;

    protected override int RouteTimerDivisor => 10;

    protected override TimeSpan AlertResendDelay => LocalStack.AlertResendDelay;

    private protected override async Task RunAsync(HighAvailabilityStack ha)
    {
        var stack = ha.Stack;
        var (a, b) = (stack.PrometheusServers[0], stack.PrometheusServers[1]);
        await a.KillAsync();
        HourAtKill = stack.JudgedHour.Hour;

        var hour15 = await ha.HourAsync(15);
        WithOneReplica = await ha.WaitForPageAsync(TimeSpan.FromSeconds(20));

        await b.RestartAsync();
        await HighAvailabilityStack.WaitUntilFiringAsync(b, TimeSpan.FromSeconds(20));
        // The group's next flush after the restart: a lapsed alert would be resolved and paged again by then.
        await Task.Delay(ha.P1GroupInterval + TimeSpan.FromSeconds(2));
        AfterRestart = ha.Notifications();

        Hour18Start = await ha.HourAsync(18, hour15);
        await ha.WaitForResolveAsync(TimeSpan.FromSeconds(20));
        await Task.Delay(ha.DuplicateWindow);
        Final = ha.Notifications();
    }
}
