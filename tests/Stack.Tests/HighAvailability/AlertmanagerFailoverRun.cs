namespace KpiMonitoring.Stack.Tests.HighAvailability;

/// <summary>
/// One replay of checkout_2 through the HA stack in which the Alertmanager that would notify (position 0 of the
/// cluster) is killed as soon as it holds the outage's alert, before its group_wait ends: the other member must page,
/// once. Then the killed one is started again and rejoins while the outage still fires: it must learn from its peer
/// that the page went out. Timers 5 times faster than shipped (P1 group_wait 2 s): room to kill before the send.
/// </summary>
public sealed class AlertmanagerFailoverRun : IAsyncLifetime
{
    public const double SecondsPerHour = 10;
    public const int RouteTimerDivisor = 5;

    private HighAvailabilityStack? _ha;

    /// <summary>What had reached the receivers when the first member was killed.</summary>
    public OutageNotifications AtKill { get; private set; } = null!;

    public TimeSpan KilledAfterHolding { get; private set; }

    public TimeSpan P1GroupWait { get; private set; }

    public OutageNotifications AfterKill { get; private set; } = null!;

    public OutageNotifications AfterRejoin { get; private set; } = null!;

    public IReadOnlyList<AlertmanagerClusterStatus> Rejoined { get; private set; } = [];

    /// <summary>The hour the exporter judged when the rejoin check ended: the outage must still have been on.</summary>
    public int? HourAfterRejoinCheck { get; private set; }

    public string Diagnostics { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _ha = await HighAvailabilityStack.StartAsync(SecondsPerHour, RouteTimerDivisor, alertResendDelay: TimeSpan.FromSeconds(2));
        var stack = _ha.Stack;
        P1GroupWait = _ha.P1GroupWait;
        try
        {
            var members = stack.AlertmanagerServers;
            var positions = await Task.WhenAll(members.Select(member => member.ClusterStatusAsync()));
            var sender = members[Array.FindIndex(positions, status => status.Position == 0)];
            var survivor = members.Single(member => member != sender);

            await _ha.HourAsync(15);
            await HighAvailabilityStack.WaitUntilHoldsOutageAsync(sender, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(25));
            var held = DateTimeOffset.UtcNow;
            await sender.KillAsync();
            KilledAfterHolding = DateTimeOffset.UtcNow - held;
            AtKill = _ha.Notifications();

            await _ha.WaitForPageAsync(TimeSpan.FromSeconds(20));
            await Task.Delay(_ha.DuplicateWindow);
            AfterKill = _ha.Notifications();

            await sender.RestartAsync();
            await WaitUntilRejoinedAsync(sender, survivor);
            await HighAvailabilityStack.WaitUntilHoldsOutageAsync(sender, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100));
            await Task.Delay(_ha.DuplicateWindow);
            AfterRejoin = _ha.Notifications();
            HourAfterRejoinCheck = stack.JudgedHour.Hour;
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

    private async Task WaitUntilRejoinedAsync(AlertmanagerServer restarted, AlertmanagerServer survivor)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            Rejoined = [await restarted.ClusterStatusAsync(), await survivor.ClusterStatusAsync()];
            if (Rejoined.All(status => status.Status == "ready" && status.Members.Count == 2))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the restarted Alertmanager did not rejoin: {string.Join("; ", Rejoined)}{Environment.NewLine}{restarted.Output}");
            }

            await Task.Delay(100);
        }
    }
}
