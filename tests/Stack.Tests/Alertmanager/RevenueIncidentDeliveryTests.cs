namespace KpiMonitoring.Stack.Tests.Alertmanager;

/// <summary>
/// A stop of sales seen first by a fast silence alarm and later by its hourly backstop, through the real
/// Alertmanager with the shipped routing: one page for the incident, not two. For a revenue table, RevenueSilence
/// and RevenueStopped; for a checkout export refreshed within the hour, CheckoutSilence and CheckoutZeroTransactions.
/// </summary>
[Collection(AlertmanagerDelivery.Name)]
public sealed class RevenueIncidentDeliveryTests(SharedAlertmanager shared)
{
    private AlertmanagerStack Stack => shared.Stack;

    public static TheoryData<string> FastAlarms => ["RevenueSilence", "CheckoutSilence"];

    /// <summary>The fast alarm and the hourly backstop of one stream; a second call gives another stream.</summary>
    private static (AlertmanagerAlert Fast, AlertmanagerAlert Hourly) Incident(string fastAlarm)
    {
        if (fastAlarm == "CheckoutSilence")
        {
            var dataset = TestAlerts.Unique("checkout");
            return (TestAlerts.CheckoutSilence(dataset), TestAlerts.CheckoutZeroTransactions(dataset));
        }

        var table = TestAlerts.Unique("orders");
        return (TestAlerts.RevenueSilence(table), TestAlerts.RevenueStopped(table));
    }

    [Theory]
    [MemberData(nameof(FastAlarms))]
    public async Task Fast_and_hourly_P1_for_one_stream_page_once(string fastAlarm)
    {
        var (fast, hourly) = Incident(fastAlarm);

        await Stack.Alertmanager.PostAlertsAsync(fast);
        await Stack.ExpectDeliveriesAsync(TestAlerts.Subject(fast), pagerDuty: 1, slack: 1, email: 1, TimeSpan.Zero);

        // The hour ends empty while sales are still stopped: the hourly P1 arrives during the fast one.
        await Stack.Alertmanager.PostAlertsAsync(fast, hourly);

        await Stack.ExpectDeliveriesAsync(TestAlerts.Subject(hourly), pagerDuty: 0, slack: 0, email: 0, AlertmanagerStack.Settle);
        Stack.PagerDutyAbout(TestAlerts.Subject(fast)).Count.ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(FastAlarms))]
    public async Task Hourly_P1_of_another_stream_still_pages(string fastAlarm)
    {
        var fast = Incident(fastAlarm).Fast;
        var other = Incident(fastAlarm).Hourly;

        await Stack.Alertmanager.PostAlertsAsync(fast, other);

        await Stack.ExpectDeliveriesAsync(TestAlerts.Subject(other), pagerDuty: 1, slack: 1, email: 1, AlertmanagerStack.Settle);
    }
}
