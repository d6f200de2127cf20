using Xunit.Abstractions;

namespace KpiMonitoring.Stack.Tests.FullStack;

/// <summary>
/// A stop of checkouts in an export refreshed every second (3,600 an hour), from the feeder's file through the live
/// exporter, Prometheus and Alertmanager to the PagerDuty capture, with the real programs.
/// </summary>
public sealed class CheckoutExportTests : IClassFixture<CheckoutExportRun>
{
    private readonly CheckoutExportRun _run;
    private readonly ITestOutputHelper _output;

    public CheckoutExportTests(CheckoutExportRun run, ITestOutputHelper output)
    {
        _run = run;
        _output = output;
    }

    [Fact]
    public void Rules_expect_the_rate_of_the_running_hours_baselines()
    {
        _run.ExpectedPerHour.ShouldBe(CheckoutExportRun.PerHour, 1e-6, _run.Diagnostics);
        _run.AlarmSilence.TotalSeconds.ShouldBe(16 * 3600 / CheckoutExportRun.PerHour, 1e-6);
    }

    [Fact]
    public void Stop_pages_within_k_over_lambda_plus_refresh_scrape_evaluation_group_wait_and_2s()
    {
        _run.PageAt.ShouldNotBeNull($"no CheckoutSilence page within 60 s of the outage{Environment.NewLine}{_run.Diagnostics}");
        var latency = _run.PageAt.Value - _run.OutageAt;
        var budget = _run.AlarmSilence + CheckoutExportRun.Refresh + CheckoutExportRun.Interval + CheckoutExportRun.Interval + CheckoutExportRun.P1GroupWait + TimeSpan.FromSeconds(2);
        _output.WriteLine(
            $"expected {_run.ExpectedPerHour:F0}/h, k/λ {_run.AlarmSilence.TotalSeconds:F1} s, refresh {CheckoutExportRun.Refresh.TotalSeconds:F1} s; "
            + $"outage at {_run.OutageAt:HH:mm:ss.fff}, page {latency.TotalSeconds:F1} s later (budget {budget.TotalSeconds:F1} s)");

        latency.ShouldBeGreaterThan(TimeSpan.Zero);
        latency.ShouldBeLessThanOrEqualTo(budget);
    }

    [Fact]
    public void Normal_feed_for_ten_times_k_over_lambda_pages_nothing()
    {
        _run.QuietFor.ShouldBeGreaterThanOrEqualTo(_run.AlarmSilence * 10);
        _run.QuietPages.ShouldBeEmpty(_run.Diagnostics);
        _run.QuietAlertSeries.ShouldBe(0, "a checkout alert fired during the normal feed");
    }
}
