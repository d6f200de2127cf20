using KpiMonitoring.Backtest.Tests.Support;

namespace KpiMonitoring.Backtest.Tests;

public sealed class HourAttributionTests
{
    private static Attribution Attribute(SyntheticRun run, params string[] datasets) =>
        HourAttribution.Attribute(run.Samples(), datasets.Length > 0 ? datasets : ["shop"], SyntheticRun.Interval);

    private static HourVerdict Hour(Attribution attribution, int hour, string dataset = "shop") =>
        attribution.Verdicts.Single(v => v.Dataset == dataset && v.Hour == hour);

    [Fact]
    public void A_full_day_gives_one_verdict_per_hour_with_the_recorded_values()
    {
        var attribution = Attribute(SyntheticRun.Day("shop"));

        attribution.IsComplete.ShouldBeTrue();
        attribution.Verdicts.Select(v => v.Hour).ShouldBe(Enumerable.Range(0, 24));
        Hour(attribution, 15).ShouldSatisfyAllConditions(
            v => v.Today.ShouldBe(15),
            v => v.Expected.ShouldBe(15.5),
            v => v.ZScore.ShouldBe(-15));
    }

    [Fact]
    public void Last_evaluation_of_an_hour_keeps_its_alert_in_that_hour()
    {
        // Hour 15 is scraped at 30000 ms; the evaluation at 29850 ms still judged hour 14.
        var run = SyntheticRun.Day("shop").Alert("shop", "CheckoutZeroTransactions", "P1", 29850);

        var attribution = Attribute(run);

        Hour(attribution, 14).Alerts.ShouldBe([new FiringAlert("CheckoutZeroTransactions", "P1")]);
        Hour(attribution, 15).Alerts.ShouldBeEmpty();
    }

    [Fact]
    public void Evaluation_within_a_scrape_interval_of_the_hour_change_is_left_out()
    {
        // Evaluated 100 ms after the scrape that brought hour 15: it may have read hour 14's numbers.
        var run = SyntheticRun.Day("shop").Alert("shop", "CheckoutZeroTransactions", "P1", 30100);

        var attribution = Attribute(run);

        Hour(attribution, 15).Alerts.ShouldBeEmpty();
        Hour(attribution, 14).Alerts.ShouldBeEmpty();
        Hour(attribution, 15).Evaluations.ShouldBe(7);
    }

    [Fact]
    public void Evaluation_after_a_scrape_of_the_same_hour_counts_for_that_hour()
    {
        var run = SyntheticRun.Day("shop").Alert("shop", "CheckoutDrop", "P3", 30350);

        Hour(Attribute(run), 15).Alerts.ShouldBe([new FiringAlert("CheckoutDrop", "P3")]);
    }

    [Fact]
    public void Evaluation_before_the_first_scrape_is_left_out()
    {
        var run = SyntheticRun.Day("shop").Evaluate("shop", -50, 99, 99, 99);

        Hour(Attribute(run), 0).Today.ShouldBe(0);
    }

    [Fact]
    public void Alerts_without_a_dataset_label_are_left_out()
    {
        var run = SyntheticRun.Day("shop").Alert(null, "Watchdog", "none", 30350, 30600, 30850);

        Attribute(run).Verdicts.ShouldAllBe(v => v.Alerts.Count == 0);
    }

    [Fact]
    public void Alerts_count_only_for_their_own_dataset()
    {
        var run = SyntheticRun.Day("shop").AddDay("store").Alert("store", "CheckoutZeroTransactions", "P1", 30350);

        var attribution = Attribute(run, "shop", "store");

        Hour(attribution, 15, "store").Alerts.Count.ShouldBe(1);
        Hour(attribution, 15, "shop").Alerts.ShouldBeEmpty();
    }

    [Fact]
    public void Alerts_of_an_hour_are_listed_once_most_severe_first()
    {
        var run = SyntheticRun.Day("shop")
            .Alert("shop", "CheckoutDrop", "P3", 30350, 30600)
            .Alert("shop", "CheckoutZeroTransactions", "P1", 30350, 30600);

        Hour(Attribute(run), 15).Alerts.ShouldBe(
            [new FiringAlert("CheckoutZeroTransactions", "P1"), new FiringAlert("CheckoutDrop", "P3")]);
    }

    [Fact]
    public void Hours_judged_fewer_than_twice_are_reported()
    {
        // Hours 00..21 only, plus one evaluation of hour 22.
        var run = SyntheticRun.Day("shop", hours: 22).Scrape("shop", 44000, 22).Evaluate("shop", 44300, 1, 1, 0);

        var attribution = Attribute(run);

        attribution.IsComplete.ShouldBeFalse();
        attribution.Unjudged.ShouldBe([new UnjudgedHour("shop", 22, 1), new UnjudgedHour("shop", 23, 0)]);
    }

    [Fact]
    public void A_dataset_never_scraped_is_reported_for_every_hour()
    {
        var attribution = Attribute(SyntheticRun.Day("shop"), "shop", "missing");

        attribution.Unjudged.Count.ShouldBe(24);
        attribution.Unjudged.ShouldAllBe(u => u.Dataset == "missing" && u.Evaluations == 0);
    }

    [Fact]
    public void Evaluations_of_one_hour_that_disagree_are_a_conflict()
    {
        var run = SyntheticRun.Day("shop").Evaluate("shop", 30500, 0, 15.5, -15);

        var attribution = Attribute(run);

        attribution.IsComplete.ShouldBeFalse();
        attribution.Conflicts.ShouldHaveSingleItem().ShouldStartWith("shop hour 15: evaluations disagree");
    }

    [Fact]
    public void Undefined_z_scores_agree_with_each_other()
    {
        var run = new SyntheticRun();
        for (var t = 0L; t < 1000; t += 250)
        {
            run.Scrape("shop", t, 4).Evaluate("shop", t + 100, 0, 0, double.NaN);
        }

        var attribution = Attribute(run);

        attribution.Conflicts.ShouldBeEmpty();
        double.IsNaN(Hour(attribution, 4).ZScore).ShouldBeTrue();
    }
}
