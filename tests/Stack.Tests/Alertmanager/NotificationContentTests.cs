using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using KpiMonitoring.LocalServers;
using KpiMonitoring.LocalServers.Capture;

namespace KpiMonitoring.Stack.Tests.Alertmanager;

/// <summary>
/// What the templates put in front of people: Slack attachments, PagerDuty events and HTML email, rendered by
/// the real Alertmanager from infrastructure/alertmanager/templates/.
/// </summary>
[Collection(AlertmanagerDelivery.Name)]
public sealed partial class NotificationContentTests(SharedAlertmanager shared)
{
    private const string CheckoutDashboard = "http://localhost:3000/d/kpi-checkout-overview";
    private const string TableDashboard = "http://localhost:3000/d/kpi-revenue-freshness";

    private AlertmanagerStack Stack => shared.Stack;

    [Fact]
    public async Task Slack_message_leads_with_the_numbers_and_carries_summary_values_runbook_and_dashboard_link()
    {
        var dataset = TestAlerts.Unique("checkout");
        var alert = TestAlerts.CheckoutZeroTransactions(dataset);

        var message = await PostAndWaitForSlackAsync(alert);

        message.Title.ShouldBe($"P1 {dataset}: 0 checkouts in 14h, 41.5 expected (CheckoutZeroTransactions)");
        message.Fallback.ShouldBe(message.Title);
        message.TitleLink.ShouldBe(DashboardAround(alert, $"{CheckoutDashboard}?var-dataset={dataset}"));
        message.Text.ShouldNotBeNull().ShouldSatisfyAllConditions(
            text => text.ShouldContain(alert.Annotations!["summary"]),
            text => text.ShouldContain(alert.Annotations!["description"]),
            text => text.ShouldContain($"<{TestAlerts.RunbookUrl("CheckoutZeroTransactions")}|Runbook>"),
            text => text.ShouldContain($"<{message.TitleLink}|Dashboard>"));
    }

    [Theory]
    [InlineData("CheckoutZeroTransactions")]
    [InlineData("CheckoutSharpDrop")]
    [InlineData("TableStaleCritical")]
    public async Task Runbook_link_is_the_configured_docs_base_plus_the_rules_runbook_path_and_the_runbook_exists(string alertname)
    {
        var alert = alertname switch
        {
            "CheckoutZeroTransactions" => TestAlerts.CheckoutZeroTransactions(TestAlerts.Unique("checkout")),
            "CheckoutSharpDrop" => TestAlerts.CheckoutSharpDrop(TestAlerts.Unique("checkout")),
            _ => TestAlerts.TableStaleCritical(TestAlerts.Unique("orders")),
        };

        var message = await PostAndWaitForSlackAsync(alert);

        var link = RunbookLink().Match(message.Text ?? string.Empty);
        link.Success.ShouldBeTrue($"no runbook link in: {message.Text}");
        link.Groups["base"].Value.ShouldBe(AlertmanagerConfig.DocsUrl, "the docs base comes from DOCS_URL, not from the rules");
        link.Groups["name"].Value.ShouldBe(alertname);
        File.Exists(Path.Combine(RepoPaths.Runbooks, alertname + ".md")).ShouldBeTrue($"docs/runbooks/{alertname}.md");
    }

    [Fact]
    public async Task A_rule_with_its_own_absolute_runbook_url_keeps_it()
    {
        var dataset = TestAlerts.Unique("checkout");
        var own = TestAlerts.CheckoutDrop(dataset);
        var annotations = new Dictionary<string, string>(own.Annotations!) { ["runbook_url"] = "https://wiki.kpi.test/runbooks/checkout-drop" };

        var message = await PostAndWaitForSlackAsync(own with { Annotations = annotations });

        message.Text.ShouldNotBeNull().ShouldContain("<https://wiki.kpi.test/runbooks/checkout-drop|Runbook>");
    }

    [Fact]
    public async Task An_alert_without_a_title_leads_with_where_it_is_and_its_summary()
    {
        var dataset = TestAlerts.Unique("checkout");
        var plain = TestAlerts.CheckoutSharpDrop(dataset);
        var annotations = new Dictionary<string, string>(plain.Annotations!);
        annotations.Remove("title");

        var message = await PostAndWaitForSlackAsync(plain with { Annotations = annotations }, $"{dataset}: Checkout count far below its baselines. (CheckoutSharpDrop)");

        message.Title.ShouldBe($"P2 {dataset}: Checkout count far below its baselines. (CheckoutSharpDrop)");
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

        message.TitleLink.ShouldBe(DashboardAround(alert, $"{TableDashboard}?var-table={table}"));
        message.Text.ShouldNotBeNull().ShouldContain($"<{message.TitleLink}|Dashboard>");
    }

    [Fact]
    public async Task Source_failures_link_the_exporter_health_dashboard()
    {
        var alert = TestAlerts.SourceFailing(TestAlerts.Unique("orders"));

        var message = await PostAndWaitForSlackAsync(alert);

        message.TitleLink.ShouldBe(DashboardAround(alert, "http://localhost:3000/d/kpi-exporter-health?"));
        message.Text.ShouldNotBeNull().ShouldContain(alert.Annotations!["description"]);
    }

    [Fact]
    public async Task PagerDuty_event_is_critical_for_P1_titled_with_the_numbers_and_carries_summary_description_runbook_dataset_and_firing_count()
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
            () => page.Summary.ShouldBe($"P1 {dataset}: 0 checkouts in 14h, 41.5 expected (CheckoutZeroTransactions)"),
            () => page.Detail("alert").ShouldBe($"P1 CheckoutZeroTransactions dataset={dataset}"),
            () => page.Component.ShouldBe("dataset " + dataset),
            () => page.Class.ShouldBe("CheckoutZeroTransactions"),
            () => page.Detail("summary").ShouldBe(alert.Annotations!["summary"]),
            () => page.Detail("description").ShouldBe(alert.Annotations!["description"]),
            () => page.Detail("runbook").ShouldBe(TestAlerts.RunbookUrl("CheckoutZeroTransactions")),
            () => page.Detail("dashboard").ShouldBe(DashboardAround(alert, $"{CheckoutDashboard}?var-dataset={dataset}")),
            () => page.Detail("dataset").ShouldBe(dataset),
            () => page.Detail("firing_count").ShouldBe("1"),
            () => page.Links.ShouldContain(link => link.Text == "Runbook" && link.Href == TestAlerts.RunbookUrl("CheckoutZeroTransactions")),
            () => page.ClientUrl.ShouldBe(DashboardAround(alert, $"{CheckoutDashboard}?var-dataset={dataset}")));
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
        email.Subject.ShouldBe($"P1 {dataset}: 0 checkouts in 14h, 41.5 expected (CheckoutZeroTransactions)");
        email.HtmlBody.ShouldNotBeNull();
        var html = WebUtility.HtmlDecode(email.HtmlBody);
        html.ShouldSatisfyAllConditions(
            () => html.ShouldContain("<strong>" + alert.Annotations!["summary"] + "</strong>"),
            () => html.ShouldContain(alert.Annotations!["description"]),
            () => html.ShouldContain($"<a href=\"{TestAlerts.RunbookUrl("CheckoutZeroTransactions")}\">Runbook</a>"),
            () => html.ShouldContain($"<a href=\"{DashboardAround(alert, $"{CheckoutDashboard}?var-dataset={dataset}")}\">Dashboard</a>"),
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

    [Fact]
    public async Task Resolved_notifications_say_how_long_it_lasted_quote_the_last_reading_and_link_the_whole_incident()
    {
        var dataset = TestAlerts.Unique("checkout");
        // Began 2 h 05 m 40 s ago; so old that Alertmanager sends it without group_wait.
        var started = DateTimeOffset.UtcNow.AddMinutes(-125).AddSeconds(-40);
        var alert = TestAlerts.CheckoutZeroTransactions(dataset) with { StartsAt = started };
        var subject = TestAlerts.Subject(alert);
        await Stack.Alertmanager.PostAlertsAsync(alert);
        await Stack.ExpectDeliveriesAsync(subject, pagerDuty: 1, slack: 1, email: 1, TimeSpan.Zero);

        // Ended 2 h 05 m 10 s after it began, half a minute ago.
        var resolved = alert with { EndsAt = started.AddMinutes(125).AddSeconds(10) };
        await Stack.Alertmanager.PostAlertsAsync(resolved);
        await Stack.ExpectDeliveriesAsync(subject, pagerDuty: 2, slack: 2, email: 2, TimeSpan.Zero);

        var headline = $"RESOLVED after 2h 05m, was P1 {dataset}: 0 checkouts in 14h, 41.5 expected (CheckoutZeroTransactions)";
        var slack = Stack.SlackAbout(subject)[1].Attachment;
        var page = Stack.PagerDutyAbout(subject)[1];
        var email = Stack.EmailAbout(subject)[1];
        var dashboard = $"{CheckoutDashboard}?var-dataset={dataset}&from={started.AddHours(-3).ToUnixTimeMilliseconds()}&to={resolved.EndsAt!.Value.AddHours(1).ToUnixTimeMilliseconds()}";
        slack.ShouldSatisfyAllConditions(
            () => slack.Title.ShouldBe(headline),
            () => slack.TitleLink.ShouldBe(dashboard),
            () => slack.Text.ShouldNotBeNull().ShouldContain("(resolved after 2h 05m)"),
            () => page.EventAction.ShouldBe("resolve"),
            () => page.Summary.ShouldBe(headline),
            () => page.ClientUrl.ShouldBe(dashboard),
            () => email.Subject.ShouldBe(headline),
            () => email.TextBody.ShouldNotBeNull().ShouldContain("(resolved after 2h 05m)"));
    }

    /// <summary>The dashboard link of a firing alert: its base and the Grafana range 3 h before to 1 h after StartsAt, in ms.</summary>
    private static string DashboardAround(AlertmanagerAlert alert, string dashboard)
    {
        var startsAt = alert.StartsAt ?? throw new ShouldAssertException("test alerts carry StartsAt");
        var separator = dashboard.EndsWith('?') ? string.Empty : "&";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{dashboard}{separator}from={startsAt.AddHours(-3).ToUnixTimeMilliseconds()}&to={startsAt.AddHours(1).ToUnixTimeMilliseconds()}");
    }

    private async Task<SlackAttachment> PostAndWaitForSlackAsync(AlertmanagerAlert alert, string? subject = null)
    {
        subject ??= TestAlerts.Subject(alert);
        await Stack.Alertmanager.PostAlertsAsync(alert);
        await Stack.Slack.WaitForAsync(_ => Stack.SlackAbout(subject).Count > 0, AlertmanagerStack.DeliveryTimeout, $"a message about '{subject}'");
        return Stack.SlackAbout(subject).Single().Attachment;
    }

    [GeneratedRegex(@"<(?<base>[^<>|]+)/docs/runbooks/(?<name>[A-Za-z]+)\.md\|Runbook>")]
    private static partial Regex RunbookLink();
}
