namespace KpiMonitoring.Stack.Tests.Alertmanager;

/// <summary>
/// A stop of sales seen first by the fast RevenueSilence and later by the hourly RevenueStopped, through the real
/// Alertmanager with the shipped routing: one page for the incident, not two.
/// </summary>
[Collection(AlertmanagerDelivery.Name)]
public sealed class RevenueIncidentDeliveryTests(SharedAlertmanager shared)
{
    private AlertmanagerStack Stack => shared.Stack;

    [Fact]
    public async Task Fast_and_hourly_P1_for_one_table_page_once()
    {
        var table = TestAlerts.Unique("orders");
        var fast = TestAlerts.RevenueSilence(table);
        var hourly = TestAlerts.RevenueStopped(table);

        await Stack.Alertmanager.PostAlertsAsync(fast);
        await Stack.ExpectDeliveriesAsync(TestAlerts.Subject(fast), pagerDuty: 1, slack: 1, email: 1, TimeSpan.Zero);

        // The hour ends empty while sales are still stopped: the hourly P1 arrives during the fast one.
        await Stack.Alertmanager.PostAlertsAsync(fast, hourly);

        await Stack.ExpectDeliveriesAsync(TestAlerts.Subject(hourly), pagerDuty: 0, slack: 0, email: 0, AlertmanagerStack.Settle);
        Stack.PagerDutyAbout(TestAlerts.Subject(fast)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Hourly_P1_of_another_table_still_pages()
    {
        var fast = TestAlerts.RevenueSilence(TestAlerts.Unique("orders"));
        var other = TestAlerts.RevenueStopped(TestAlerts.Unique("orders"));

        await Stack.Alertmanager.PostAlertsAsync(fast, other);

        await Stack.ExpectDeliveriesAsync(TestAlerts.Subject(other), pagerDuty: 1, slack: 1, email: 1, AlertmanagerStack.Settle);
    }
}
