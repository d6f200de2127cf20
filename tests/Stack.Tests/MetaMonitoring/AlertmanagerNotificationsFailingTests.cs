using System.Globalization;
using System.Text.Json;
using KpiMonitoring.LocalServers.Capture;

namespace KpiMonitoring.Stack.Tests.MetaMonitoring;

/// <summary>
/// rules/stack.rules.yml on the real metrics: a real Alertmanager whose Slack webhook refuses connections, scraped
/// by a real Prometheus with the rules, as the local stack scrapes it (<c>monitorStack</c>). The alert's
/// <c>for: 5m</c> is promtool's to test (rules/tests/stack.rules.test.yml); here it must turn pending, with the
/// integration's label, within a minute, while the integration that delivers stays quiet.
/// </summary>
public sealed class AlertmanagerNotificationsFailingTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Slack_refusing_connections_makes_AlertmanagerNotificationsFailing_pending_for_slack_only()
    {
        using var dir = new TempDirectory();
        await using var webhook = await WebhookCapture.StartAsync();
        var refused = FreePort.Next();
        var config = dir.Write("alertmanager.yml", $"""
            route:
              receiver: both
              group_wait: 0s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: both
                slack_configs:
                  - api_url: 'http://127.0.0.1:{refused}/services/T00000000/B00000000/refused'
                    channel: '#kpi'
                webhook_configs:
                  - url: '{new Uri(webhook.BaseUrl, "heartbeat")}'
            """);
        await using var alertmanager = await AlertmanagerServer.StartAsync(config);
        var target = $"{alertmanager.BaseUrl.Host}:{alertmanager.BaseUrl.Port}";
        await using var prometheus = await PrometheusServer.StartAsync(
            [], [Path.Combine(RepoPaths.Rules, "stack.rules.yml")], Interval, Interval, alertmanager: target, monitorStack: true);
        await WaitAsync(async () => (await prometheus.QueryAsync("up{job=\"alertmanager\"} == 1")).GetArrayLength() == 1, "Prometheus scraping Alertmanager", prometheus);

        await alertmanager.PostAlertsAsync(new AlertmanagerAlert(new Dictionary<string, string> { ["alertname"] = "CheckoutDrop", ["severity"] = "P3", ["dataset"] = "checkout_1" }));

        JsonElement slack = default;
        await WaitAsync(async () => (slack = Failing(await prometheus.AlertsAsync(), "slack")).ValueKind != JsonValueKind.Undefined, "AlertmanagerNotificationsFailing for slack", prometheus);
        slack.GetProperty("state").GetString().ShouldBe("pending");
        slack.GetProperty("labels").GetProperty("severity").GetString().ShouldBe("P2");
        slack.GetProperty("labels").GetProperty("instance").GetString().ShouldBe(target);
        double.Parse(slack.GetProperty("value").GetString()!, CultureInfo.InvariantCulture).ShouldBeGreaterThan(0.01, "the failed share is above the alert's 1 %");
        await webhook.WaitForAsync(messages => messages.Count > 0, TimeSpan.FromSeconds(10), "the webhook notification");
        Failing(await prometheus.AlertsAsync(), "webhook").ValueKind.ShouldBe(JsonValueKind.Undefined, "the webhook delivers");
    }

    private static JsonElement Failing(JsonElement alerts, string integration) =>
        alerts.EnumerateArray().FirstOrDefault(a =>
            a.GetProperty("labels").GetProperty("alertname").GetString() == "AlertmanagerNotificationsFailing"
            && a.GetProperty("labels").TryGetProperty("integration", out var label) && label.GetString() == integration);

    private static async Task WaitAsync(Func<Task<bool>> done, string what, PrometheusServer prometheus)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} not seen within 60 s; Prometheus said:\n{prometheus.Output}");
            }

            await Task.Delay(500);
        }
    }
}
