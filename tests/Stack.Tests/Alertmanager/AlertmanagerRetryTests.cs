namespace KpiMonitoring.Stack.Tests.Alertmanager;

/// <summary>
/// Receivers that are down for a moment: Alertmanager must retry until they take the notification, and send
/// nothing twice (each integration of a receiver keeps its own notification log). Own Alertmanager and capture
/// servers, so the failures it injects meet no other test's notifications.
/// </summary>
public sealed class AlertmanagerRetryTests
{
    [Fact]
    public async Task Receivers_failing_at_first_get_the_notification_once_they_recover_and_only_once()
    {
        await using var stack = await AlertmanagerStack.StartAsync();
        var dataset = TestAlerts.Unique("checkout");
        var alert = TestAlerts.CheckoutZeroTransactions(dataset);
        stack.PagerDuty.FailFirst(2, contains: dataset);
        stack.Slack.FailFirst(1, contains: dataset);
        stack.Smtp.FailFirst(1);

        await stack.Alertmanager.PostAlertsAsync(alert);

        // Two and a half P1 group_intervals after the last delivery: a resend of what already arrived would show.
        await stack.ExpectDeliveriesAsync(TestAlerts.Subject(alert), pagerDuty: 1, slack: 1, email: 1, AlertmanagerStack.Settle * 2);
        stack.PagerDuty.Requests.Snapshot().Select(r => r.StatusCode).ShouldBe([500, 500, 202]);
        stack.Slack.Requests.Snapshot().Select(r => r.StatusCode).ShouldBe([500, 200]);
        stack.Smtp.Rejections.Snapshot().ShouldHaveSingleItem().ShouldContain("answered 451");
        stack.Smtp.Messages.Count.ShouldBe(1);
    }
}
