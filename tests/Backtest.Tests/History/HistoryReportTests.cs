using KpiMonitoring.Backtest.History;

namespace KpiMonitoring.Backtest.Tests.History;

public sealed class HistoryReportTests
{
    private static readonly DateOnly Day = new(2026, 9, 7);
    private static readonly FiringAlert P1 = new("CheckoutZeroTransactions", "P1");
    private static readonly FiringAlert P3 = new("CheckoutDrop", "P3");

    [Fact]
    public void Consecutive_firing_hours_are_one_episode_and_a_gap_starts_another()
    {
        var report = HistoryReport.Build(Run(Week(("checkout", 0, 15, P1), ("checkout", 0, 16, P1), ("checkout", 0, 18, P1))), null);

        var p1 = report.Alerts.Single();
        p1.Hours.ShouldBe(3);
        p1.Episodes.Select(e => (e.Hour, e.Hours)).ShouldBe([(15, 2), (18, 1)]);
        p1.ByHourOfDay[15].ShouldBe(1);
        p1.ByHourOfDay[18].ShouldBe(1);
    }

    [Fact]
    public void An_episode_runs_over_midnight_into_the_next_day()
    {
        var report = HistoryReport.Build(Run(Week(("checkout", 0, 23, P3), ("checkout", 1, 0, P3))), null);

        report.Alerts.Single().Episodes.ShouldHaveSingleItem().Hours.ShouldBe(2);
    }

    [Fact]
    public void Pages_per_week_divide_episodes_by_the_weeks_judged()
    {
        var report = HistoryReport.Build(Run(Week(("checkout", 0, 15, P1), ("checkout", 3, 15, P1))), null);

        report.Weeks.ShouldBe(1);
        report.Alerts.Single().Episodes.Count.ShouldBe(2);
    }

    [Fact]
    public void A_severity_is_scored_against_incidents_and_alerts_of_that_severity_or_worse()
    {
        // Incident P1 at 15-16 (paged P1 at 15, P3 at 16), incident P3 at 10 (not alerted), a P3 false alarm at 20.
        var run = Run(Week(("checkout", 0, 15, P1), ("checkout", 0, 16, P3), ("checkout", 0, 20, P3)));
        TruthHour[] truth =
        [
            new("checkout", Day, 15, "P1", "outage"), new("checkout", Day, 16, "P1", "outage"), new("checkout", Day, 10, "P3", "mild_drop"),
        ];

        var scores = HistoryReport.Build(run, truth).Scores!.ToDictionary(s => s.Severity);

        scores["P1"].ShouldBe(new SeverityScore("P1", IncidentHours: 2, Hits: 1, Misses: 1, FalseAlarms: 0));
        scores["P1"].Precision.ShouldBe(1);
        scores["P1"].Recall.ShouldBe(0.5);
        scores["P3"].ShouldBe(new SeverityScore("P3", IncidentHours: 3, Hits: 2, Misses: 1, FalseAlarms: 1));
        scores["P2"].Precision.ShouldBe(1);
    }

    [Fact]
    public void Rule_set_B_changes_are_listed_as_added_and_removed_by_hour()
    {
        var a = Week(("checkout", 0, 15, P1));
        var b = Week(("checkout", 0, 15, P3), ("checkout", 2, 9, P3));

        var comparison = HistoryReport.Build(new HistoryRun(a, b, [], 0, TimeSpan.Zero), null).Comparison!;

        comparison.Changes.Select(c => (c.Date.Day - Day.Day, c.Hour, c.Alert.Severity, c.Added))
            .ShouldBe([(0, 15, "P1", false), (0, 15, "P3", true), (2, 9, "P3", true)]);
        comparison.ByHourOfDay("P3").Added[15].ShouldBe(1);
        comparison.ByHourOfDay("P1").Removed[15].ShouldBe(1);
    }

    [Fact]
    public void The_table_and_the_json_name_the_alerts_scores_and_rejected_days()
    {
        var rejected = new RejectedDay(new DayFile("checkout", Day.AddDays(7), "/data/checkout_2026-09-14.csv"), "line 4: 'x' in column today is not a number");
        var run = Run(Week(("checkout", 0, 15, P1))) with { Rejected = [rejected] };
        var report = HistoryReport.Build(run, [new TruthHour("checkout", Day, 15, "P1", "outage")]);

        var table = HistoryTableFormatter.Format(report);
        var json = HistoryJsonFormatter.Format(report);

        table.ShouldContain("CheckoutZeroTransactions  P1");
        table.ShouldContain("2026-09-07 Mon 15h  P1 CheckoutZeroTransactions  checkout, 1 h");
        table.ShouldContain("/data/checkout_2026-09-14.csv: line 4:");
        using var parsed = System.Text.Json.JsonDocument.Parse(json);
        parsed.RootElement.GetProperty("alerts")[0].GetProperty("occurrences")[0].GetProperty("hour").GetInt32().ShouldBe(15);
        parsed.RootElement.GetProperty("scores")[0].GetProperty("recall").GetDouble().ShouldBe(1);
        parsed.RootElement.GetProperty("rejected")[0].GetProperty("reason").GetString().ShouldStartWith("line 4");
    }

    [Fact]
    public void The_chart_draws_each_alert_hour_and_each_incident_hour()
    {
        var run = Run(Week(("checkout", 0, 15, P1), ("checkout", 1, 9, P3)));
        TruthHour[] truth = [new("checkout", Day, 15, "P1", "outage")];

        var svg = System.Xml.Linq.XDocument.Parse(HistoryChart.Render(HistoryReport.Build(run, truth), run.Hours, truth));

        var titles = svg.Descendants().Where(e => e.Name.LocalName == "title").Select(e => e.Value).ToList();
        titles.ShouldContain("2026-09-07 15h: checkout P1 CheckoutZeroTransactions");
        titles.ShouldContain("2026-09-08 09h: checkout P3 CheckoutDrop");
        titles.ShouldContain("incident checkout 2026-09-07 15h outage (P1)");
    }

    /// <summary>Seven judged days of <c>checkout</c> from <see cref="Day"/>, with the given alerts (day offset, hour).</summary>
    private static List<HistoryHour> Week(params (string Dataset, int Day, int Hour, FiringAlert Alert)[] alerts) =>
        [.. Enumerable.Range(0, 7).SelectMany(d => Enumerable.Range(0, 24).Select(h => new HistoryHour("checkout", Day.AddDays(d), h,
            [.. alerts.Where(a => a.Day == d && a.Hour == h).Select(a => a.Alert)])))];

    private static HistoryRun Run(List<HistoryHour> hours) => new(hours, null, [], 0, TimeSpan.Zero);
}
