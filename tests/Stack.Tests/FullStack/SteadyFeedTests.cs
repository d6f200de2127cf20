using Xunit.Abstractions;

namespace KpiMonitoring.Stack.Tests.FullStack;

/// <summary>
/// A stop of sales on a steady 3,600-an-hour stream, from the feeder through PostgreSQL, the exporter's
/// revenue-stream check, Prometheus and Alertmanager to the PagerDuty capture, with the real programs.
/// </summary>
public sealed class SteadyFeedTests : IClassFixture<SteadyFeedRun>
{
    private readonly SteadyFeedRun _run;
    private readonly ITestOutputHelper _output;

    public SteadyFeedTests(SteadyFeedRun run, ITestOutputHelper output)
    {
        _run = run;
        _output = output;
    }

    [Fact]
    public void Exporter_expects_the_feed_rate_from_the_past_weeks()
    {
        // Four weeks of a Poisson stream: each week's 15-minute slot holds 900 +- 30 sales.
        _run.ExpectedPerHour.ShouldBeInRange(SteadyFeedRun.PerHour * 0.9, SteadyFeedRun.PerHour * 1.1, _run.Diagnostics);
    }

    [Fact]
    public void Stop_pages_within_k_over_lambda_plus_scrape_evaluation_group_wait_and_2s()
    {
        _run.PageAt.ShouldNotBeNull($"no RevenueSilence page within 60 s of the outage{Environment.NewLine}{_run.Diagnostics}");
        var latency = _run.PageAt.Value - _run.OutageAt;
        var budget = _run.AlarmSilence + SteadyFeedRun.Interval + SteadyFeedRun.Interval + SteadyFeedRun.P1GroupWait + TimeSpan.FromSeconds(2);
        _output.WriteLine(
            $"expected {_run.ExpectedPerHour:F0}/h, k/λ {_run.AlarmSilence.TotalSeconds:F1} s (at the feed's {SteadyFeedRun.PerHour:F0}/h: {16 * 3600 / SteadyFeedRun.PerHour:F1} s); "
            + $"outage at {_run.OutageAt:HH:mm:ss.fff}, page {latency.TotalSeconds:F1} s later (budget {budget.TotalSeconds:F1} s)");

        latency.ShouldBeGreaterThan(TimeSpan.Zero);
        latency.ShouldBeLessThanOrEqualTo(budget);
    }

    [Fact]
    public void Normal_feed_for_ten_times_k_over_lambda_pages_nothing()
    {
        _run.QuietFor.ShouldBeGreaterThanOrEqualTo(_run.AlarmSilence * 10);
        _run.QuietPages.ShouldBeEmpty(_run.Diagnostics);
        _run.QuietAlertSeries.ShouldBe(0, "RevenueSilence or RevenueRateDrop fired during the normal feed");
    }

    [Fact]
    public void Night_rate_stream_under_its_gate_never_pages_even_past_its_k()
    {
        _run.NightSilenceExpected.ShouldNotBeNull();
        _run.NightSilenceExpected.Value.ShouldBeGreaterThanOrEqualTo(1);
        _run.NightPages.ShouldBeEmpty(_run.Diagnostics);
        _run.NightAlertSeries.ShouldBe(0);
    }
}
