using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Stack.Tests.Alertmanager;

/// <summary>
/// The shipped inhibit_rules, judged by the real Alertmanager: its API reports each alert as active or
/// suppressed (and by which alert). Every test first waits for an alert that must be suppressed, which proves
/// the inhibiting alert is known, and then checks the ones that must stay active. Own Alertmanager, because an
/// ExporterDown here would silence the delivery tests' alerts.
/// </summary>
public sealed class AlertmanagerInhibitionTests(SharedAlertmanager shared) : IClassFixture<SharedAlertmanager>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private AlertmanagerServer Alertmanager => shared.Stack.Alertmanager;

    [Fact]
    public async Task P1_suppresses_P2_and_P3_about_the_same_dataset()
    {
        var dataset = TestAlerts.Unique("checkout");
        var p2 = TestAlerts.CheckoutSharpDrop(dataset);
        var p3 = TestAlerts.CheckoutDatasetStale(dataset);

        await Alertmanager.PostAlertsAsync(TestAlerts.CheckoutZeroTransactions(dataset), p2, p3);

        await ShouldBeSuppressedAsync(p2);
        await ShouldBeSuppressedAsync(p3);
    }

    [Fact]
    public async Task P1_suppresses_P2_and_P3_about_the_same_table()
    {
        var table = TestAlerts.Unique("orders");
        var p2 = TestAlerts.RevenueDrop(table);
        var p3 = TestAlerts.TableStaleWarning(table);

        await Alertmanager.PostAlertsAsync(TestAlerts.TableStaleCritical(table), p2, p3);

        await ShouldBeSuppressedAsync(p2);
        await ShouldBeSuppressedAsync(p3);
    }

    [Fact]
    public async Task P1_about_a_table_suppresses_nothing_that_lacks_that_table()
    {
        // An empty label equals an empty label: without the non-empty matchers, the dataset rule would let this
        // table P1 (no dataset) silence every P2/P3 that has no dataset either: other tables, sources.
        var table = TestAlerts.Unique("orders");
        var sameTable = TestAlerts.RevenueDrop(table);
        var otherTable = TestAlerts.RevenueDrop(TestAlerts.Unique("orders"));
        var source = TestAlerts.SourceFailing(TestAlerts.Unique("orders"));
        var dataset = TestAlerts.CheckoutSharpDrop(TestAlerts.Unique("checkout"));

        await Alertmanager.PostAlertsAsync(TestAlerts.TableStaleCritical(table), sameTable, otherTable, source, dataset);

        await ShouldBeSuppressedAsync(sameTable);
        await ShouldBeActiveAsync(otherTable, source, dataset);
    }

    [Fact]
    public async Task P1_about_a_dataset_suppresses_nothing_that_lacks_that_dataset()
    {
        var dataset = TestAlerts.Unique("checkout");
        var sameDataset = TestAlerts.CheckoutDrop(dataset);
        var otherDataset = TestAlerts.CheckoutDrop(TestAlerts.Unique("checkout"));
        var source = TestAlerts.SourceFailing(TestAlerts.Unique("orders"));
        var table = TestAlerts.TableStaleWarning(TestAlerts.Unique("orders"));

        await Alertmanager.PostAlertsAsync(TestAlerts.CheckoutZeroTransactions(dataset), sameDataset, otherDataset, source, table);

        await ShouldBeSuppressedAsync(sameDataset);
        await ShouldBeActiveAsync(otherDataset, source, table);
    }

    [Fact]
    public async Task Fast_revenue_silence_mutes_the_hourly_RevenueStopped_and_the_rate_drop_of_its_table_only()
    {
        // The fast P1 and the hourly P1 for one table are one incident; the hourly one never mutes the fast one
        // (inhibiting each other would mute both).
        var table = TestAlerts.Unique("orders");
        var fast = TestAlerts.RevenueSilence(table);
        var hourly = TestAlerts.RevenueStopped(table);
        var drop = TestAlerts.RevenueRateDrop(table);
        var otherTable = TestAlerts.RevenueStopped(TestAlerts.Unique("orders"));

        await Alertmanager.PostAlertsAsync(fast, hourly, drop, otherTable);

        await ShouldBeSuppressedAsync(hourly);
        await ShouldBeSuppressedAsync(drop);
        await ShouldBeActiveAsync(fast, otherTable);
    }

    [Fact]
    public async Task Fast_checkout_silence_mutes_the_hourly_CheckoutZeroTransactions_and_the_drops_of_its_dataset_only()
    {
        var dataset = TestAlerts.Unique("checkout");
        var fast = TestAlerts.CheckoutSilence(dataset);
        var hourly = TestAlerts.CheckoutZeroTransactions(dataset);
        var drop = TestAlerts.CheckoutSharpDrop(dataset);
        var otherDataset = TestAlerts.CheckoutZeroTransactions(TestAlerts.Unique("checkout"));

        await Alertmanager.PostAlertsAsync(fast, hourly, drop, otherDataset);

        await ShouldBeSuppressedAsync(hourly);
        await ShouldBeSuppressedAsync(drop);
        await ShouldBeActiveAsync(fast, otherDataset);
    }

    [Fact]
    public async Task Hourly_RevenueStopped_alone_stays_active()
    {
        var table = TestAlerts.Unique("orders");
        var hourly = TestAlerts.RevenueStopped(table);
        var drop = TestAlerts.RevenueRateDrop(table);

        await Alertmanager.PostAlertsAsync(hourly, drop);

        await ShouldBeSuppressedAsync(drop);
        await ShouldBeActiveAsync(hourly);
    }

    [Theory]
    [InlineData("CheckoutZeroTransactions")]
    [InlineData("CheckoutSharpDrop")]
    [InlineData("CheckoutDrop")]
    [InlineData("CheckoutDatasetStale")]
    [InlineData("TableStaleCritical")]
    [InlineData("RevenueDrop")]
    [InlineData("TableStaleWarning")]
    [InlineData("SourceFailing")]
    public async Task ExporterDown_suppresses_alerts_built_on_the_exporters_data(string alertname)
    {
        var target = alertname switch
        {
            "CheckoutZeroTransactions" => TestAlerts.CheckoutZeroTransactions(TestAlerts.Unique("checkout")),
            "CheckoutSharpDrop" => TestAlerts.CheckoutSharpDrop(TestAlerts.Unique("checkout")),
            "CheckoutDrop" => TestAlerts.CheckoutDrop(TestAlerts.Unique("checkout")),
            "CheckoutDatasetStale" => TestAlerts.CheckoutDatasetStale(TestAlerts.Unique("checkout")),
            "TableStaleCritical" => TestAlerts.TableStaleCritical(TestAlerts.Unique("orders")),
            "RevenueDrop" => TestAlerts.RevenueDrop(TestAlerts.Unique("orders")),
            "TableStaleWarning" => TestAlerts.TableStaleWarning(TestAlerts.Unique("orders")),
            _ => TestAlerts.SourceFailing(TestAlerts.Unique("orders")),
        };
        var exporterDown = TestAlerts.ExporterDown(TestAlerts.Unique("exporter"));

        try
        {
            await Alertmanager.PostAlertsAsync(exporterDown, target);

            await ShouldBeSuppressedAsync(target);
        }
        finally
        {
            await Alertmanager.PostAlertsAsync(exporterDown.Resolved());
        }
    }

    [Fact]
    public async Task ExporterDown_leaves_Watchdog_and_itself_active()
    {
        var exporterDown = TestAlerts.ExporterDown(TestAlerts.Unique("exporter"));
        var dependent = TestAlerts.CheckoutDrop(TestAlerts.Unique("checkout"));
        var watchdog = TestAlerts.Watchdog();

        try
        {
            await Alertmanager.PostAlertsAsync(exporterDown, dependent, watchdog);

            await ShouldBeSuppressedAsync(dependent);
            await ShouldBeActiveAsync(watchdog, exporterDown);
        }
        finally
        {
            await Alertmanager.PostAlertsAsync(exporterDown.Resolved(), watchdog.Resolved());
        }
    }

    private async Task ShouldBeSuppressedAsync(AlertmanagerAlert alert)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var status = await StatusAsync(alert);
            if (status is { State: "suppressed" } && status.InhibitedBy.Count > 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new ShouldAssertException(
                    $"expected {TestAlerts.Subject(alert)} to be inhibited; Alertmanager holds:{Environment.NewLine}"
                    + string.Join(Environment.NewLine, await Alertmanager.GetAlertsAsync()));
            }

            await Task.Delay(50);
        }
    }

    private async Task ShouldBeActiveAsync(params AlertmanagerAlert[] alerts)
    {
        foreach (var alert in alerts)
        {
            var status = await StatusAsync(alert);
            status.ShouldNotBeNull($"Alertmanager does not hold {TestAlerts.Subject(alert)}");
            status.InhibitedBy.ShouldBeEmpty($"{TestAlerts.Subject(alert)} {string.Join(",", alert.Labels.Select(l => l.Key + "=" + l.Value))} must not be inhibited");
            status.State.ShouldBe("active");
        }
    }

    private async Task<AlertmanagerAlertStatus?> StatusAsync(AlertmanagerAlert alert) =>
        (await Alertmanager.GetAlertsAsync()).SingleOrDefault(a =>
            a.Labels.Count == alert.Labels.Count && alert.Labels.All(l => a.Labels.GetValueOrDefault(l.Key) == l.Value));
}
