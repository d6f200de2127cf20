using System.Text.Json;
using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Stack.Tests.Alertmanager;

/// <summary>
/// The real Alertmanager with the shipped routing tree and templates (timers 60 times faster), delivering to
/// loopback Slack, PagerDuty and SMTP capture servers. Each test uses its own dataset or table names.
/// </summary>
[Collection(AlertmanagerDelivery.Name)]
public sealed class AlertmanagerDeliveryTests(SharedAlertmanager shared)
{
    private AlertmanagerStack Stack => shared.Stack;

    [Fact]
    public async Task P1_reaches_pagerduty_slack_and_email_exactly_once()
    {
        var alert = TestAlerts.CheckoutZeroTransactions(TestAlerts.Unique("checkout"));

        await Stack.Alertmanager.PostAlertsAsync(alert);

        await Stack.ExpectDeliveriesAsync(TestAlerts.Subject(alert), pagerDuty: 1, slack: 1, email: 1, AlertmanagerStack.Settle);
    }

    [Fact]
    public async Task P2_reaches_slack_and_email_but_not_pagerduty()
    {
        var alert = TestAlerts.CheckoutSharpDrop(TestAlerts.Unique("checkout"));

        await Stack.Alertmanager.PostAlertsAsync(alert);

        await Stack.ExpectDeliveriesAsync(TestAlerts.Subject(alert), pagerDuty: 0, slack: 1, email: 1, AlertmanagerStack.Settle);
    }

    [Fact]
    public async Task An_escalated_P2_reaches_the_P1_route_and_the_P2_keeps_its_own_notifications()
    {
        var p2 = TestAlerts.CheckoutSharpDrop(TestAlerts.Unique("checkout"));
        var escalation = TestAlerts.AlertEscalated(p2);

        // One batch, as Prometheus sends one evaluation: the escalation must not inhibit the P2 it escalates.
        await Stack.Alertmanager.PostAlertsAsync(p2, escalation);

        await Stack.ExpectDeliveriesAsync(TestAlerts.Subject(escalation), pagerDuty: 1, slack: 1, email: 1, AlertmanagerStack.Settle);
        await Stack.ExpectDeliveriesAsync(TestAlerts.Subject(p2), pagerDuty: 0, slack: 1, email: 1, TimeSpan.Zero);
        (await StatusOf(p2)).InhibitedBy.ShouldBeEmpty();
    }

    [Fact]
    public async Task P3_reaches_slack_only()
    {
        var alert = TestAlerts.CheckoutDrop(TestAlerts.Unique("checkout"));

        await Stack.Alertmanager.PostAlertsAsync(alert);

        await Stack.ExpectDeliveriesAsync(TestAlerts.Subject(alert), pagerDuty: 0, slack: 1, email: 0, AlertmanagerStack.Settle);
    }

    [Fact]
    public async Task Active_P1_suppresses_P2_for_the_same_dataset_but_not_for_another_dataset()
    {
        var broken = TestAlerts.Unique("checkout");
        var page = TestAlerts.CheckoutZeroTransactions(broken);
        var explained = TestAlerts.CheckoutSharpDrop(broken);
        var unrelated = TestAlerts.CheckoutSharpDrop(TestAlerts.Unique("checkout"));

        // One batch, as Prometheus sends one evaluation: the P2s wait longer than the P1 (group_wait), so the P1
        // is known by the time they would be sent.
        await Stack.Alertmanager.PostAlertsAsync(page, explained, unrelated);

        await Stack.ExpectDeliveriesAsync(TestAlerts.Subject(unrelated), pagerDuty: 0, slack: 1, email: 1, AlertmanagerStack.Settle);
        await Stack.ExpectDeliveriesAsync(TestAlerts.Subject(page), pagerDuty: 1, slack: 1, email: 1, TimeSpan.Zero);
        await Stack.ExpectDeliveriesAsync(TestAlerts.Subject(explained), pagerDuty: 0, slack: 0, email: 0, TimeSpan.Zero);
        (await StatusOf(explained)).InhibitedBy.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Active_P1_suppresses_P2_for_the_same_table_but_not_for_another_table()
    {
        var broken = TestAlerts.Unique("orders");
        var page = TestAlerts.TableStaleCritical(broken);
        var explained = TestAlerts.RevenueDrop(broken);
        var unrelated = TestAlerts.RevenueDrop(TestAlerts.Unique("orders"));

        await Stack.Alertmanager.PostAlertsAsync(page, explained, unrelated);

        await Stack.ExpectDeliveriesAsync(TestAlerts.Subject(unrelated), pagerDuty: 0, slack: 1, email: 1, AlertmanagerStack.Settle);
        await Stack.ExpectDeliveriesAsync(TestAlerts.Subject(page), pagerDuty: 1, slack: 1, email: 1, TimeSpan.Zero);
        await Stack.ExpectDeliveriesAsync(TestAlerts.Subject(explained), pagerDuty: 0, slack: 0, email: 0, TimeSpan.Zero);
    }

    [Fact]
    public async Task Resolving_a_P1_sends_resolved_notifications_to_pagerduty_slack_and_email()
    {
        var alert = TestAlerts.CheckoutZeroTransactions(TestAlerts.Unique("checkout"));
        var subject = TestAlerts.Subject(alert);
        await Stack.Alertmanager.PostAlertsAsync(alert);
        await Stack.ExpectDeliveriesAsync(subject, pagerDuty: 1, slack: 1, email: 1, TimeSpan.Zero);

        await Stack.Alertmanager.PostAlertsAsync(alert.Resolved());

        await Stack.ExpectDeliveriesAsync(subject, pagerDuty: 2, slack: 2, email: 2, AlertmanagerStack.Settle);
        var events = Stack.PagerDutyAbout(subject);
        events.Select(e => e.EventAction).ShouldBe(["trigger", "resolve"]);
        events[1].DedupKey.ShouldBe(events[0].DedupKey, "the resolve must close the incident the trigger opened");
        var resolved = Stack.SlackAbout(subject)[1].Attachment;
        resolved.Title.ShouldNotBeNull().ShouldMatch(ResolvedHeadline(subject));
        resolved.Color.ShouldBe("good");
        resolved.Text.ShouldNotBeNull().ShouldContain("(resolved after ");
        events[1].Summary.ShouldNotBeNull().ShouldMatch(ResolvedHeadline(subject));
        Stack.EmailAbout(subject)[1].Subject.ShouldMatch(ResolvedHeadline(subject));
    }

    [Fact]
    public async Task Watchdog_beats_repeatedly_and_falls_silent_when_it_resolves()
    {
        var watchdog = TestAlerts.Watchdog();

        await Stack.Alertmanager.PostAlertsAsync(watchdog);

        // Shipped: a beat every minute (group_interval 1m, repeat_interval 50s); here every second.
        var beats = await Stack.Heartbeat.Requests.WaitForAsync(requests => requests.Count(r => r.Accepted) >= 3, AlertmanagerStack.DeliveryTimeout, "3 heartbeats");
        foreach (var beat in beats)
        {
            using var json = JsonDocument.Parse(beat.Body);
            json.RootElement.GetProperty("receiver").GetString().ShouldBe("watchdog-heartbeat");
            json.RootElement.GetProperty("status").GetString().ShouldBe("firing");
            json.RootElement.GetProperty("commonLabels").GetProperty("alertname").GetString().ShouldBe("Watchdog");
        }

        await Stack.Alertmanager.PostAlertsAsync(watchdog.Resolved());
        await Task.Delay(TimeSpan.FromSeconds(2));
        var afterResolve = Stack.Heartbeat.Requests.Count;
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Stack.Heartbeat.Requests.Count.ShouldBe(afterResolve, "a resolved Watchdog must stop the heartbeat, so the dead man's switch fires");
        Stack.Heartbeat.Requests.Snapshot().ShouldNotContain(r => r.Body.Contains("\"status\":\"resolved\"", StringComparison.Ordinal));
        Stack.Slack.Messages.Snapshot().ShouldNotContain(m => m.Attachment.Title!.Contains("Watchdog", StringComparison.Ordinal));
    }

    /// <summary>"RESOLVED after 1s, was P1 &lt;subject&gt;": the alert lasted about a second here.</summary>
    private static string ResolvedHeadline(string subject) => "^RESOLVED after ([0-9]+s|under 1s), was P1 " + System.Text.RegularExpressions.Regex.Escape(subject) + "$";

    private async Task<AlertmanagerAlertStatus> StatusOf(AlertmanagerAlert alert)
    {
        var alerts = await Stack.Alertmanager.GetAlertsAsync();
        return alerts.Single(a => a.Labels.Count == alert.Labels.Count && alert.Labels.All(l => a.Labels.GetValueOrDefault(l.Key) == l.Value));
    }
}
