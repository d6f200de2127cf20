using System.Text.Json;
using KpiMonitoring.Backtest.Tests.Support;

namespace KpiMonitoring.Backtest.Tests.RealDays;

/// <summary>The backtest of both real days against the outcomes docs/alerting.md promises.</summary>
[Collection(RealDaysTestGroup.Name)]
public sealed class RealDaysTests(RealDaysFixture days)
{
    private static readonly string[] Datasets = ["checkout_1", "checkout_2"];

    [Fact]
    public void Every_hour_of_both_days_is_judged_at_least_twice()
    {
        foreach (var dataset in Datasets)
        {
            days.Verdicts.Where(v => v.Dataset == dataset).Select(v => v.Hour).ShouldBe(Enumerable.Range(0, 24));
        }

        days.Verdicts.ShouldAllBe(v => v.Evaluations >= 2);
    }

    [Fact]
    public void Checkout_2_pages_CheckoutZeroTransactions_P1_at_15_16_and_17()
    {
        var paged = days.Verdicts
            .Where(v => v.Dataset == "checkout_2" && v.Alerts.Contains(new FiringAlert("CheckoutZeroTransactions", "P1")))
            .Select(v => v.Hour);

        paged.ShouldBe([15, 16, 17]);
    }

    [Fact]
    public void A_dataset_with_its_own_thresholds_is_judged_by_them()
    {
        // The same day as checkout_2 with a P1 gate of 40 expected: hours 15-17 (34.9, 30.8, 20.8 expected) no
        // longer page P1 and fall to the milder alerts; checkout_2 itself, in the same replay, still pages.
        var tuned = days.Verdicts.Where(v => v.Dataset == RealDaysFixture.Tuned).ToList();
        tuned.Select(v => v.Hour).ShouldBe(Enumerable.Range(0, 24));
        tuned.SelectMany(v => v.Alerts).ShouldNotContain(a => a.Severity == "P1");
        tuned.Single(v => v.Hour == 15).Alerts.ShouldBe([new FiringAlert("CheckoutDrop", "P3")]);
        days.Verdict("checkout_2", 15).Alerts.ShouldBe([new FiringAlert("CheckoutZeroTransactions", "P1")]);
    }

    [Fact]
    public void Neither_day_alerts_from_00_to_07()
    {
        days.Verdicts.Where(v => v.Hour <= 7).ShouldAllBe(v => v.Alerts.Count == 0);
    }

    [Fact]
    public void Checkout_1_never_pages_P1()
    {
        days.Verdicts.Where(v => v.Dataset == "checkout_1").SelectMany(v => v.Alerts).ShouldNotContain(a => a.Severity == "P1");
    }

    [Fact]
    public void Today_is_the_csv_count_of_every_hour()
    {
        foreach (var (dataset, file) in Datasets.Zip(days.Files))
        {
            var csv = CheckoutCsv.TodayByHour(file);
            days.Verdicts.Where(v => v.Dataset == dataset).ToDictionary(v => v.Hour, v => v.Today).ShouldBe(csv, ignoreOrder: true);
        }
    }

    [Theory]
    [InlineData("checkout_1", 0)]
    [InlineData("checkout_1", 8)]
    [InlineData("checkout_1", 9)]
    [InlineData("checkout_1", 23)]
    [InlineData("checkout_2", 3)]
    [InlineData("checkout_2", 14)]
    [InlineData("checkout_2", 15)]
    [InlineData("checkout_2", 17)]
    [InlineData("checkout_2", 22)]
    public void Expected_and_z_are_those_of_judge_hours(string dataset, int hour)
    {
        var reference = days.Reference[dataset].Single(r => r.Hour == hour);
        var verdict = days.Verdict(dataset, hour);

        verdict.Expected.ShouldBe(reference.Expected, 0.01);
        verdict.ZScore.ShouldBe(reference.Z!.Value, 0.01);
    }

    [Fact]
    public void Alerts_of_every_hour_are_those_judge_hours_predicts()
    {
        var severity = new Dictionary<string, string>
        {
            ["CheckoutZeroTransactions"] = "P1",
            ["CheckoutSharpDrop"] = "P2",
            ["CheckoutDrop"] = "P3",
        };
        foreach (var dataset in Datasets.Append(RealDaysFixture.Tuned))
        {
            foreach (var reference in days.Reference[dataset])
            {
                FiringAlert[] predicted = reference.Alert is { } name ? [new FiringAlert(name, severity[name])] : [];
                days.Verdict(dataset, reference.Hour).Alerts.ShouldBe(predicted, $"{dataset} hour {reference.Hour:00}");
            }
        }
    }

    [Fact]
    public void Json_output_parses_to_the_documented_shape()
    {
        using var json = JsonDocument.Parse(JsonFormatter.Format(days.Verdicts));

        var hours = json.RootElement.EnumerateArray().ToList();
        hours.Count.ShouldBe(72);
        foreach (var hour in hours)
        {
            hour.GetProperty("dataset").GetString().ShouldBeOneOf([.. Datasets, RealDaysFixture.Tuned]);
            hour.GetProperty("hour").GetInt32().ShouldBeInRange(0, 23);
            hour.GetProperty("today").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
            hour.GetProperty("expected").ValueKind.ShouldBe(JsonValueKind.Number);
            hour.GetProperty("z").ValueKind.ShouldBe(JsonValueKind.Number);
            foreach (var alert in hour.GetProperty("alerts").EnumerateArray())
            {
                alert.GetProperty("alertname").GetString().ShouldNotBeNullOrEmpty();
                alert.GetProperty("severity").GetString().ShouldNotBeNullOrEmpty();
            }
        }

        var outage = hours.Single(h => h.GetProperty("dataset").GetString() == "checkout_2" && h.GetProperty("hour").GetInt32() == 15);
        outage.GetProperty("today").GetDouble().ShouldBe(0);
        outage.GetProperty("alerts")[0].GetProperty("alertname").GetString().ShouldBe("CheckoutZeroTransactions");
        outage.GetProperty("alerts")[0].GetProperty("severity").GetString().ShouldBe("P1");
    }
}
