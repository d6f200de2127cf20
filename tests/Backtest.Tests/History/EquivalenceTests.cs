using KpiMonitoring.Backtest.History;

namespace KpiMonitoring.Backtest.Tests.History;

/// <summary>The offline backtest gives, hour by hour, the alerts of the live replay.</summary>
[Collection(RealDays.RealDaysTestGroup.Name)]
public sealed class EquivalenceTests(EquivalenceFixture runs)
{
    [Fact]
    public void Every_hour_of_the_generated_week_has_the_live_replays_alerts()
    {
        runs.Week.Hours.Count.ShouldBe(7 * 24);
        foreach (var hour in runs.Week.Hours)
        {
            var live = runs.Live.Single(v => v.Dataset == $"checkout_{hour.Date:yyyy-MM-dd}" && v.Hour == hour.Hour);
            hour.Alerts.ShouldBe(live.Alerts, $"{hour.Date:yyyy-MM-dd} {hour.Hour:00}h");
        }
    }

    [Fact]
    public void Every_hour_of_both_real_days_has_the_live_replays_alerts()
    {
        runs.RealDays.Hours.Count.ShouldBe(2 * 24);
        foreach (var hour in runs.RealDays.Hours)
        {
            var live = runs.Live.Single(v => v.Dataset == hour.Dataset && v.Hour == hour.Hour);
            hour.Alerts.ShouldBe(live.Alerts, $"{hour.Dataset} {hour.Hour:00}h");
        }
    }

    [Fact]
    public void The_week_compared_is_not_quiet_its_outage_pages_P1_and_a_milder_alert_fires()
    {
        var alerts = runs.Week.Hours.SelectMany(h => h.Alerts).ToList();

        alerts.ShouldContain(new FiringAlert("CheckoutZeroTransactions", "P1"));
        alerts.ShouldContain(a => a.Severity != "P1");
    }

    [Fact]
    public void Offline_real_day_verdicts_are_the_promised_ones()
    {
        Paged("checkout_2", "P1").ShouldBe([15, 16, 17]);
        Paged("checkout_1", "P1").ShouldBeEmpty();
        Paged("checkout_1", "P3").ShouldBe([9]);
    }

    [Fact]
    public void Rule_set_B_with_a_P1_gate_of_100_removes_the_three_outage_pages_and_adds_none()
    {
        runs.RealDays.HoursB.ShouldNotBeNull();
        var changes = HistoryReport.Build(runs.RealDays, null).Comparison.ShouldNotBeNull().Changes;

        changes.Where(c => c is { Added: false, Alert.Severity: "P1" }).Select(c => (c.Dataset, c.Hour))
            .ShouldBe([("checkout_2", 15), ("checkout_2", 16), ("checkout_2", 17)]);
        changes.ShouldNotContain(c => c.Added && c.Alert.Severity == "P1");
    }

    private int[] Paged(string dataset, string severity) =>
        [.. runs.RealDays.Hours.Where(h => h.Dataset == dataset && h.Alerts.Any(a => a.Severity == severity)).Select(h => h.Hour)];
}
