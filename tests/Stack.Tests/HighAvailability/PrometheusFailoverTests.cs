using KpiMonitoring.Stack.Tests.FullStack;

namespace KpiMonitoring.Stack.Tests.HighAvailability;

/// <summary>One Prometheus replica dead, the other restarted during the outage: still one page, one resolve.</summary>
[Collection(HighAvailabilityStacks.Name)]
public sealed class PrometheusFailoverTests : IClassFixture<PrometheusFailoverRun>
{
    private readonly PrometheusFailoverRun _run;

    public PrometheusFailoverTests(PrometheusFailoverRun run)
    {
        _run = run;
    }

    [Fact]
    public void One_replica_killed_before_the_outage_the_other_still_pages()
    {
        _run.HourAtKill.ShouldNotBeNull();
        _run.HourAtKill.Value.ShouldBeLessThan(15);
        _run.WithOneReplica.Pages.ShouldNotBeEmpty(_run.Diagnostics);
        _run.WithOneReplica.Slack.ShouldNotBeEmpty();
        _run.WithOneReplica.Email.ShouldNotBeEmpty();
    }

    [Fact]
    public void Prometheus_restarted_during_the_outage_pages_no_second_time()
    {
        _run.AfterRestart.ShouldBeOnePageDuringTheOutage(_run.Diagnostics);
    }

    [Fact]
    public void Outage_resolves_once_after_hour_17_and_is_never_paged_twice()
    {
        var resolve = _run.Final.Resolves.ShouldHaveSingleItem(_run.Final + _run.Diagnostics);
        resolve.Request.ReceivedAt.ShouldBeGreaterThan(_run.Hour18Start);
        _run.Final.Pages.Count.ShouldBe(1, _run.Final.ToString());
    }
}
