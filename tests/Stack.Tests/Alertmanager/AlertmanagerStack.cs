using KpiMonitoring.Stack.Tests.Support;
using KpiMonitoring.LocalServers;
using KpiMonitoring.LocalServers.Capture;

namespace KpiMonitoring.Stack.Tests.Alertmanager;

/// <summary>
/// The real Alertmanager with the project's configuration, rendered to deliver to loopback capture servers:
/// Slack webhook, PagerDuty Events v2, SMTP sink and the Watchdog heartbeat. Secrets are real files in a temp
/// secrets directory, as in production. Everything is stopped and deleted on dispose.
/// </summary>
internal sealed class AlertmanagerStack : IAsyncDisposable
{
    /// <summary>Generous: a delivery normally takes a shipped group_wait / 60, at most 2 s.</summary>
    public static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(20);

    /// <summary>1.5 P1 group_intervals at test speed: a second notification about a group would show by then.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

    private readonly TempDirectory _dir = new();

    private AlertmanagerStack()
    {
    }

    public SlackCapture Slack { get; private set; } = null!;

    public PagerDutyCapture PagerDuty { get; private set; } = null!;

    public SmtpCapture Smtp { get; private set; } = null!;

    public WebhookCapture Heartbeat { get; private set; } = null!;

    public AlertmanagerServer Alertmanager { get; private set; } = null!;

    public string ConfigFile { get; private set; } = null!;

    /// <summary>Written to the secrets directory; PagerDuty must receive exactly this.</summary>
    public string PagerDutyRoutingKey { get; } = "kpi-test-" + Guid.NewGuid().ToString("N");

    /// <summary>Written to the secrets directory; the SMTP sink must be authenticated with exactly this.</summary>
    public string SmtpPassword { get; } = "smtp-" + Guid.NewGuid().ToString("N");

    public static async Task<AlertmanagerStack> StartAsync()
    {
        var stack = new AlertmanagerStack();
        try
        {
            await stack.StartServersAsync();
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>Slack messages about one group (title ends with its subject, firing or resolved).</summary>
    public IReadOnlyList<SlackMessage> SlackAbout(string subject) =>
        [.. Slack.Messages.Snapshot().Where(message => message.Attachment.Title?.EndsWith(subject, StringComparison.Ordinal) == true)];

    /// <summary>PagerDuty events about one group (summary, the incident title, ends with its subject).</summary>
    public IReadOnlyList<PagerDutyEvent> PagerDutyAbout(string subject) =>
        [.. PagerDuty.Messages.Snapshot().Where(e => e.Summary?.EndsWith(subject, StringComparison.Ordinal) == true)];

    /// <summary>Emails about one group (subject header ends with its subject).</summary>
    public IReadOnlyList<SmtpMessage> EmailAbout(string subject) =>
        [.. Smtp.Messages.Snapshot().Where(message => message.Subject.EndsWith(subject, StringComparison.Ordinal))];

    /// <summary>
    /// Waits until each receiver has at least the expected number of notifications about the group, then waits
    /// <paramref name="settle"/> more (a duplicate would come at a later flush) and requires the exact numbers.
    /// </summary>
    public async Task ExpectDeliveriesAsync(string subject, int pagerDuty, int slack, int email, TimeSpan settle)
    {
        try
        {
            if (pagerDuty > 0)
            {
                await PagerDuty.WaitForAsync(_ => PagerDutyAbout(subject).Count >= pagerDuty, DeliveryTimeout, $"{pagerDuty} event(s) about '{subject}'");
            }

            if (slack > 0)
            {
                await Slack.WaitForAsync(_ => SlackAbout(subject).Count >= slack, DeliveryTimeout, $"{slack} message(s) about '{subject}'");
            }

            if (email > 0)
            {
                await Smtp.WaitForAsync(_ => EmailAbout(subject).Count >= email, DeliveryTimeout, $"{email} email(s) about '{subject}'");
            }
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}{Environment.NewLine}--- Alertmanager log ---{Environment.NewLine}{Alertmanager.Output}", ex);
        }

        await Task.Delay(settle);
        PagerDutyAbout(subject).Count.ShouldBe(pagerDuty, $"PagerDuty events about '{subject}'");
        SlackAbout(subject).Count.ShouldBe(slack, $"Slack messages about '{subject}'");
        EmailAbout(subject).Count.ShouldBe(email, $"emails about '{subject}'");
    }

    public async ValueTask DisposeAsync()
    {
        // Alertmanager first, so it does not log failures against receivers that are already gone.
        if (Alertmanager is not null)
        {
            await Alertmanager.DisposeAsync();
        }

        if (Slack is not null)
        {
            await Slack.DisposeAsync();
        }

        if (PagerDuty is not null)
        {
            await PagerDuty.DisposeAsync();
        }

        if (Smtp is not null)
        {
            await Smtp.DisposeAsync();
        }

        if (Heartbeat is not null)
        {
            await Heartbeat.DisposeAsync();
        }

        _dir.Dispose();
    }

    private async Task StartServersAsync()
    {
        Slack = await SlackCapture.StartAsync();
        PagerDuty = await PagerDutyCapture.StartAsync();
        Smtp = await SmtpCapture.StartAsync();
        Heartbeat = await WebhookCapture.StartAsync("/ping/kpi-test");

        var secrets = Directory.CreateDirectory(_dir.File("secrets")).FullName;
        await File.WriteAllTextAsync(Path.Combine(secrets, "slack_api_url"), Slack.WebhookUrl + "\n");
        await File.WriteAllTextAsync(Path.Combine(secrets, "pagerduty_routing_key"), PagerDutyRoutingKey + "\n");
        await File.WriteAllTextAsync(Path.Combine(secrets, "smtp_auth_password"), SmtpPassword);

        ConfigFile = await AlertmanagerConfig.RenderAsync(
            _dir.File("config"),
            AlertmanagerConfig.LoopbackEnvironment(secrets, PagerDuty.EnqueueUrl, Smtp.Smarthost, new Uri(Heartbeat.BaseUrl, "ping/kpi-test")));
        Alertmanager = await AlertmanagerServer.StartAsync(ConfigFile);
    }
}

/// <summary>One Alertmanager stack shared by the tests of a collection; they isolate themselves by label values.</summary>
public sealed class SharedAlertmanager : IAsyncLifetime
{
    internal AlertmanagerStack Stack { get; private set; } = null!;

    public async Task InitializeAsync() => Stack = await AlertmanagerStack.StartAsync();

    public async Task DisposeAsync()
    {
        if (Stack is not null)
        {
            await Stack.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AlertmanagerDelivery : ICollectionFixture<SharedAlertmanager>
{
    public const string Name = "Alertmanager delivery";
}
