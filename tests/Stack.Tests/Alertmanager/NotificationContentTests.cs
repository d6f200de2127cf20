using System.Net;
using KpiMonitoring.LocalServers;
using KpiMonitoring.LocalServers.Capture;

namespace KpiMonitoring.Stack.Tests.Alertmanager;

/// <summary>
/// What the templates put in front of people: Slack attachments, PagerDuty events and HTML email, rendered by
/// the real Alertmanager from infrastructure/alertmanager/templates/.
/// </summary>
[Collection(AlertmanagerDelivery.Name)]
public sealed class NotificationContentTests(SharedAlertmanager shared)
{
    private const string CheckoutDashboard = "http://localhost:3000/d/kpi-checkout-overview";
    private const string TableDashboard = "http://localhost:3000/d/kpi-revenue-freshness";

    private AlertmanagerStack Stack => shared.Stack;

    [Fact]
    public async Task Slack_message_carries_summary_values_runbook_and_dashboard_link()
    {
        var dataset = TestAlerts.Unique("checkout");
        var alert = TestAlerts.CheckoutZeroTransactions(dataset);

        var message = await PostAndWaitForSlackAsync(alert);

        message.Title.ShouldBe("[FIRING:1] " + TestAlerts.Subject(alert));
        message.TitleLink.ShouldBe($"{CheckoutDashboard}?var-dataset={dataset}");
        message.Text.ShouldNotBeNull().ShouldSatisfyAllConditions(
            text => text.ShouldContain(alert.Annotations!["summary"]),
            text => text.ShouldContain(alert.Annotations!["description"]),
            text => text.ShouldContain($"<{TestAlerts.RunbookUrl("CheckoutZeroTransactions")}|Runbook>"),
            text => text.ShouldContain($"<{CheckoutDashboard}?var-dataset={dataset}|Dashboard>"));
    }

    [Theory]
    [InlineData("P1", "danger")]
    [InlineData("P2", "warning")]
    [InlineData("P3", "#439fe0")]
    public async Task Slack_colour_follows_severity(string severity, string colour)
    {
        var dataset = TestAlerts.Unique("checkout");
        var alert = severity switch
        {
            "P1" => TestAlerts.CheckoutZeroTransactions(dataset),
            "P2" => TestAlerts.CheckoutSharpDrop(dataset),
            _ => TestAlerts.CheckoutDrop(dataset),
        };

        var message = await PostAndWaitForSlackAsync(alert);

        message.Color.ShouldBe(colour);
    }

    [Fact]
    public async Task Table_alerts_link_the_revenue_freshness_dashboard()
    {
        var table = TestAlerts.Unique("orders");
        var alert = TestAlerts.TableStaleCritical(table);

        var message = await PostAndWaitForSlackAsync(alert);

        message.TitleLink.ShouldBe($"{TableDashboard}?var-table={table}");
        message.Text.ShouldNotBeNull().ShouldContain($"<{TableDashboard}?var-table={table}|Dashboard>");
    }

    [Fact]
    public async Task Source_failures_link_the_exporter_health_dashboard()
    {
        var alert = TestAlerts.SourceFailing(TestAlerts.Unique("orders"));

        var message = await PostAndWaitForSlackAsync(alert);

        message.TitleLink.ShouldBe("http://localhost:3000/d/kpi-exporter-health");
        message.Text.ShouldNotBeNull().ShouldContain(alert.Annotations!["description"]);
    }

    [Fact]
    public async Task PagerDuty_event_is_critical_for_P1_and_carries_summary_description_runbook_dataset_and_firing_count()
    {
        var dataset = TestAlerts.Unique("checkout");
        var alert = TestAlerts.CheckoutZeroTransactions(dataset);
        var subject = TestAlerts.Subject(alert);

        await Stack.Alertmanager.PostAlertsAsync(alert);
        await Stack.ExpectDeliveriesAsync(subject, pagerDuty: 1, slack: 1, email: 1, TimeSpan.Zero);

        var page = Stack.PagerDutyAbout(subject).Single();
        page.ShouldSatisfyAllConditions(
            () => page.EventAction.ShouldBe("trigger"),
            () => page.Severity.ShouldBe("critical"),
            () => page.Summary.ShouldBe($"{subject}: {alert.Annotations!["summary"]}"),
            () => page.Component.ShouldBe("dataset " + dataset),
            () => page.Class.ShouldBe("CheckoutZeroTransactions"),
            () => page.Detail("summary").ShouldBe(alert.Annotations!["summary"]),
            () => page.Detail("description").ShouldBe(alert.Annotations!["description"]),
            () => page.Detail("runbook").ShouldBe(TestAlerts.RunbookUrl("CheckoutZeroTransactions")),
            () => page.Detail("dashboard").ShouldBe($"{CheckoutDashboard}?var-dataset={dataset}"),
            () => page.Detail("dataset").ShouldBe(dataset),
            () => page.Detail("firing_count").ShouldBe("1"),
            () => page.Links.ShouldContain(link => link.Text == "Runbook" && link.Href == TestAlerts.RunbookUrl("CheckoutZeroTransactions")),
            () => page.ClientUrl.ShouldBe($"{CheckoutDashboard}?var-dataset={dataset}"));
    }

    [Fact]
    public async Task Email_is_html_with_summary_values_runbook_and_dashboard_links()
    {
        var dataset = TestAlerts.Unique("checkout");
        var alert = TestAlerts.CheckoutZeroTransactions(dataset);
        var subject = TestAlerts.Subject(alert);

        await Stack.Alertmanager.PostAlertsAsync(alert);
        await Stack.Smtp.WaitForAsync(_ => Stack.EmailAbout(subject).Count > 0, AlertmanagerStack.DeliveryTimeout, $"an email about '{subject}'");

        var email = Stack.EmailAbout(subject).Single();
        email.Subject.ShouldBe("[FIRING:1] " + subject);
        email.HtmlBody.ShouldNotBeNull();
        var html = WebUtility.HtmlDecode(email.HtmlBody);
        html.ShouldSatisfyAllConditions(
            () => html.ShouldContain("<strong>" + alert.Annotations!["summary"] + "</strong>"),
            () => html.ShouldContain(alert.Annotations!["description"]),
            () => html.ShouldContain($"<a href=\"{TestAlerts.RunbookUrl("CheckoutZeroTransactions")}\">Runbook</a>"),
            () => html.ShouldContain($"<a href=\"{CheckoutDashboard}?var-dataset={dataset}\">Dashboard</a>"),
            () => html.ShouldContain("bgcolor=\"#d00000\""));
        email.TextBody.ShouldNotBeNull().ShouldContain(alert.Annotations!["description"]);
    }

    [Fact]
    public async Task Secrets_come_from_the_files_the_config_names()
    {
        var alert = TestAlerts.CheckoutZeroTransactions(TestAlerts.Unique("checkout"));
        var subject = TestAlerts.Subject(alert);

        await Stack.Alertmanager.PostAlertsAsync(alert);
        await Stack.ExpectDeliveriesAsync(subject, pagerDuty: 1, slack: 1, email: 1, TimeSpan.Zero);

        // slack_api_url_file: the webhook URL (and so the path) came from the file.
        Stack.Slack.Requests.Snapshot().ShouldAllBe(r => r.Path == SlackCapture.WebhookPath);
        // routing_key_file
        Stack.PagerDutyAbout(subject).Single().RoutingKey.ShouldBe(Stack.PagerDutyRoutingKey);
        // smtp_auth_password_file, and the rendered sender and recipient
        var email = Stack.EmailAbout(subject).Single();
        email.AuthMechanism.ShouldBe("PLAIN");
        email.AuthUsername.ShouldBe(AlertmanagerConfig.SmtpUsername);
        email.AuthPassword.ShouldBe(Stack.SmtpPassword);
        email.MailFrom.ShouldBe(AlertmanagerConfig.SmtpFrom);
        email.RcptTo.ShouldBe([AlertmanagerConfig.EmailTo]);
    }

    private async Task<SlackAttachment> PostAndWaitForSlackAsync(AlertmanagerAlert alert)
    {
        var subject = TestAlerts.Subject(alert);
        await Stack.Alertmanager.PostAlertsAsync(alert);
        await Stack.Slack.WaitForAsync(_ => Stack.SlackAbout(subject).Count > 0, AlertmanagerStack.DeliveryTimeout, $"a message about '{subject}'");
        return Stack.SlackAbout(subject).Single().Attachment;
    }
}
