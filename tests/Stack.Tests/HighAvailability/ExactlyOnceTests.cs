using KpiMonitoring.Stack.Tests.FullStack;

namespace KpiMonitoring.Stack.Tests.HighAvailability;

/// <summary>Two Prometheus replicas and two clustered Alertmanagers page once; a restarted Alertmanager remembers from its storage.</summary>
[Collection(HighAvailabilityStacks.Name)]
public sealed class ExactlyOnceTests : IClassFixture<ExactlyOnceRun>
{
    private readonly ExactlyOnceRun _run;

    public ExactlyOnceTests(ExactlyOnceRun run)
    {
        _run = run;
    }

    [Fact]
    public void Healthy_pair_and_cluster_page_exactly_once_on_each_receiver()
    {
        _run.Healthy.ShouldBeOnePageDuringTheOutage(_run.Diagnostics);
    }

    [Fact]
    public void Every_replica_sends_to_every_alertmanager()
    {
        _run.Sent.Count.ShouldBe(2);
        foreach (var sent in _run.Sent)
        {
            foreach (var alertmanager in _run.AlertmanagerUrls)
            {
                sent.GetValueOrDefault(alertmanager).ShouldBeGreaterThan(0, $"{alertmanager} in {string.Join(", ", sent)}");
            }
        }
    }

    [Fact]
    public void Each_alertmanager_holds_one_alert_without_the_replica_label()
    {
        _run.HeldAlerts.Count.ShouldBe(2);
        foreach (var held in _run.HeldAlerts)
        {
            held.Count.ShouldBe(1, string.Join("; ", held));
            held[0].Labels.Keys.ShouldNotContain(PrometheusReplica.Label);
        }
    }

    [Fact]
    public void Alertmanager_restarted_from_its_storage_does_not_page_again()
    {
        _run.AfterRestart.ShouldBeOnePageDuringTheOutage(_run.Diagnostics);
    }

    [Fact]
    public void Silence_survives_the_restart_and_still_silences()
    {
        var silence = _run.SilencesAfterRestart.ShouldHaveSingleItem();
        silence.Id.ShouldBe(_run.SilenceId);
        silence.State.ShouldBe("active");
        silence.Matchers["alertname"].ShouldBe("HighAvailabilityProbe");

        var probe = _run.ProbeAfterRestart.ShouldNotBeNull(_run.Diagnostics);
        probe.State.ShouldBe("suppressed");
        probe.SilencedBy.ShouldBe([_run.SilenceId]);
        _run.ProbeNotifications.ShouldBe(0);
    }
}
