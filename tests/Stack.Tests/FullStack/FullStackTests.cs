using KpiMonitoring.LocalServers.Capture;
using Xunit.Abstractions;

namespace KpiMonitoring.Stack.Tests.FullStack;

/// <summary>CSV to exporter to Prometheus to Alertmanager to the receivers, with the real programs.</summary>
[Collection(ReplayedStacks.Name)]
public sealed class FullStackTests : IClassFixture<FullStackRun>
{
    private readonly FullStackRun _run;
    private readonly ITestOutputHelper _output;

    public FullStackTests(FullStackRun run, ITestOutputHelper output)
    {
        _run = run;
        _output = output;
    }

    private static bool IsCheckoutZero(PagerDutyEvent e, string dataset) =>
        e.Summary is { } s && s.EndsWith("(CheckoutZeroTransactions)", StringComparison.Ordinal) && e.Detail("dataset") == dataset;

    [Fact]
    public void Outage_P1_reaches_pagerduty_slack_and_email()
    {
        var page = _run.PagerDuty.Where(e => e.EventAction == "trigger" && IsCheckoutZero(e, "checkout_2")).ToList();
        page.ShouldNotBeEmpty(_run.Diagnostics);
        page[0].Severity.ShouldBe("critical");
        page[0].CustomDetails["runbook"].ShouldEndWith("docs/runbooks/CheckoutZeroTransactions.md");
        // The first line carries the numbers of the real hour 15: 0 checkouts against 34.9 expected.
        const string headline = "P1 checkout_2: 0 checkouts in 15h, 34.9 expected (CheckoutZeroTransactions)";
        page[0].Summary.ShouldBe(headline);

        _run.Slack.ShouldContain(m => m.Attachment.Title == headline);
        _run.Email.ShouldContain(m => m.Subject == headline);
    }

    [Fact]
    public void Outage_P1_pages_within_scrape_plus_evaluation_plus_group_wait_plus_2s()
    {
        var first = _run.PagerDuty.First(e => e.EventAction == "trigger" && IsCheckoutZero(e, "checkout_2"));
        var latency = first.Request.ReceivedAt - _run.Hour15Start;
        var target = FullStackRun.Interval + FullStackRun.Interval + FullStackRun.P1GroupWait + TimeSpan.FromSeconds(2);
        _output.WriteLine($"the exporter was first seen judging hour 15 at {_run.Hour15Start:HH:mm:ss.fff}; P1 at the PagerDuty capture {latency.TotalSeconds:F2} s later (target {target.TotalSeconds:F1} s)");

        latency.ShouldBeGreaterThan(TimeSpan.Zero);
        latency.ShouldBeLessThanOrEqualTo(target);
    }

    [Fact]
    public void Outage_P1_resolves_after_hour_17()
    {
        var resolve = _run.PagerDuty.Where(e => e.EventAction == "resolve" && IsCheckoutZero(e, "checkout_2")).ToList();

        resolve.ShouldNotBeEmpty(_run.Diagnostics);
        resolve[0].Request.ReceivedAt.ShouldBeGreaterThan(_run.Hour18Start);
        resolve[0].Summary.ShouldNotBeNull().ShouldStartWith("RESOLVED after ");
        _run.Slack.ShouldContain(m => m.Attachment.Title != null && m.Attachment.Title.StartsWith("RESOLVED after ", StringComparison.Ordinal)
            && m.Attachment.Title.EndsWith("(CheckoutZeroTransactions)", StringComparison.Ordinal));
    }

    [Fact]
    public void Normal_day_replay_delivers_no_P1()
    {
        _run.PagerDuty.ShouldNotContain(e => e.Summary != null && e.Summary.Contains("checkout_1", StringComparison.Ordinal));
        _run.PagerDuty.ShouldNotContain(e => e.CustomDetails.GetValueOrDefault("dataset") == "checkout_1");
    }

    [Fact]
    public void Feeder_injected_database_outage_raises_the_revenue_alert()
    {
        var revenue = _run.PagerDuty.Where(e => e.EventAction == "trigger" && e.Summary is { } s
            && s.EndsWith("(RevenueStopped)", StringComparison.Ordinal) && e.Detail("table") == "transactions").ToList();

        revenue.ShouldNotBeEmpty(_run.Diagnostics);
        _run.Slack.ShouldContain(m => m.Attachment.Title != null && m.Attachment.Title.Contains("RevenueStopped", StringComparison.Ordinal));
    }

    [Fact]
    public void Watchdog_heartbeat_arrives_soon_after_start_and_keeps_coming()
    {
        var beats = _run.Heartbeats.Where(r => r.Accepted).ToList();

        beats.ShouldNotBeEmpty(_run.Diagnostics);
        beats[0].Body.ShouldContain("\"alertname\":\"Watchdog\"");
        (beats[0].ReceivedAt - _run.Started).ShouldBeLessThan(TimeSpan.FromSeconds(25));
        beats.Count.ShouldBeGreaterThan(1);
    }
}
