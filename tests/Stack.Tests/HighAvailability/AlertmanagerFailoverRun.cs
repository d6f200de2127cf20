namespace KpiMonitoring.Stack.Tests.HighAvailability;

/// <summary>
/// One replay of checkout_2 through the HA stack in which the Alertmanager that would notify (position 0 of the
/// cluster) is killed as soon as it holds the outage's alert, before its group_wait ends: the other member must page,
/// once. Then the killed one is started again and rejoins while the outage still fires: it must learn from its peer
/// that the page went out. Timers 5 times faster than shipped (P1 group_wait 2 s): room to kill before the send.
/// </summary>
public sealed class AlertmanagerFailoverRun : HighAvailabilityRun
{
    /// <summary>What had reached the receivers when the first member was killed.</summary>
    public OutageNotifications AtKill { get; private set; } = null!;

    public TimeSpan KilledAfterHolding { get; private set; }

    public TimeSpan P1GroupWait { get; private set; }

    public OutageNotifications AfterKill { get; private set; } = null!;

    public OutageNotifications AfterRejoin { get; private set; } = null!;

    public IReadOnlyList<AlertmanagerClusterStatus> Rejoined { get; private set; } = [];

    protected override double SecondsPerHour => 10;

    protected override int RouteTimerDivisor => 5;

    protected override TimeSpan AlertResendDelay => TimeSpan.FromSeconds(2);

    private protected override async Task RunAsync(HighAvailabilityStack ha)
    {
        var stack = ha.Stack;
        P1GroupWait = ha.P1GroupWait;
        var members = stack.AlertmanagerServers;
        var positions = await Task.WhenAll(members.Select(member => member.ClusterStatusAsync()));
        var sender = members[Array.FindIndex(positions, status => status.Position == 0)];
        var survivor = members.Single(member => member != sender);

        await ha.HourAsync(15);
        await HighAvailabilityStack.WaitUntilHoldsOutageAsync(sender, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(25));
        var held = DateTimeOffset.UtcNow;
        await sender.KillAsync();
        KilledAfterHolding = DateTimeOffset.UtcNow - held;
        AtKill = ha.Notifications();

        await ha.WaitForPageAsync(TimeSpan.FromSeconds(20));
        await Task.Delay(ha.DuplicateWindow);
        AfterKill = ha.Notifications();

        await sender.RestartAsync();
        await WaitUntilRejoinedAsync(sender, survivor);
        await HighAvailabilityStack.WaitUntilHoldsOutageAsync(sender, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100));
        await Task.Delay(ha.DuplicateWindow);
        AfterRejoin = ha.Notifications();
    }

    private Task WaitUntilRejoinedAsync(AlertmanagerServer restarted, AlertmanagerServer survivor) =>
        HighAvailabilityStack.PollAsync(
            async () =>
            {
                Rejoined = [await restarted.ClusterStatusAsync(), await survivor.ClusterStatusAsync()];
                return Rejoined.All(status => status.Status == "ready" && status.Members.Count == 2);
            },
            TimeSpan.FromSeconds(20),
            TimeSpan.FromMilliseconds(100),
            () => $"the restarted Alertmanager to rejoin: {string.Join("; ", Rejoined)}{Environment.NewLine}{restarted.Output}");
}
