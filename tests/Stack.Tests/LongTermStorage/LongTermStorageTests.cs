using System.Text.Json;
using KpiMonitoring.Backtest;

namespace KpiMonitoring.Stack.Tests.LongTermStorage;

/// <summary>
/// What a long-term store must give back: the per-hour series Prometheus scraped, sample for sample; the same
/// answers to PromQL; and, with vmalert as the ruler, the same pages on both real days (docs/long-term-storage.md).
/// </summary>
[Collection(LongTermStorageGroup.Name)]
public sealed class LongTermStorageTests(LongTermStorageFixture run)
{
    [Fact]
    public void Every_per_hour_series_reads_back_from_VictoriaMetrics_sample_for_sample()
    {
        var prometheus = BySeries(run.PrometheusHourSeries);
        var store = BySeries(run.StoreHourSeries);

        prometheus.Count.ShouldBe(LongTermStorageFixture.Datasets.Length * 24, run.Progress);
        store.Keys.ShouldBe(prometheus.Keys, ignoreOrder: true);
        foreach (var (labels, samples) in prometheus)
        {
            store[labels].ShouldBe(samples, labels);
        }
    }

    [Fact]
    public void PromQL_against_VictoriaMetrics_answers_as_Prometheus_does_at_the_same_timestamps()
    {
        run.Answers.Count.ShouldBe(30);
        foreach (var (query, at, prometheus, store) in run.Answers)
        {
            var because = $"{query} at {at:O}";
            Values(store).ShouldBe(Values(prometheus), because);
            Values(prometheus).ShouldNotBeEmpty(because);
        }
    }

    [Fact]
    public void Vmalert_on_VictoriaMetrics_pages_P1_in_the_same_hours_as_Prometheus_and_checkout_1_only_P3_at_09()
    {
        foreach (var verdicts in (IReadOnlyList<HourVerdict>[])[run.PrometheusVerdicts, run.VmalertVerdicts])
        {
            P1Hours(verdicts, "checkout_2").ShouldBe([15, 16, 17]);
            P1Hours(verdicts, "checkout_1").ShouldBeEmpty();
            verdicts.Where(v => v.Dataset == "checkout_1" && v.Alerts.Count > 0).Select(v => (v.Hour, v.Alerts.Single()))
                .ShouldBe([(9, new FiringAlert("CheckoutDrop", "P3"))]);
        }
    }

    [Fact]
    public void Vmalert_judges_every_hour_of_both_days_as_Prometheus_does()
    {
        foreach (var dataset in LongTermStorageFixture.Datasets)
        {
            var prometheus = run.PrometheusVerdicts.Where(v => v.Dataset == dataset).ToDictionary(v => v.Hour);
            var vmalert = run.VmalertVerdicts.Where(v => v.Dataset == dataset).ToDictionary(v => v.Hour);
            vmalert.Keys.ShouldBe(Enumerable.Range(0, 24), ignoreOrder: true);
            prometheus.Keys.ShouldBe(Enumerable.Range(0, 24), ignoreOrder: true);
            foreach (var hour in Enumerable.Range(0, 24))
            {
                var because = $"{dataset} hour {hour:00}";
                vmalert[hour].Today.ShouldBe(prometheus[hour].Today, because);
                vmalert[hour].Expected.ShouldBe(prometheus[hour].Expected, 1e-9, because);
                Same(vmalert[hour].ZScore, prometheus[hour].ZScore).ShouldBeTrue($"{because}: z {vmalert[hour].ZScore} against {prometheus[hour].ZScore}");
                vmalert[hour].Alerts.ShouldBe(prometheus[hour].Alerts, because);
            }
        }
    }

    /// <summary>
    /// Live vmalert loads every rule file of rules/ and evaluates each rule against the store without an error:
    /// every expression is valid MetricsQL over the stored series, every annotation template is accepted.
    /// </summary>
    [Fact]
    public async Task Live_vmalert_evaluates_every_rule_of_rules_against_VictoriaMetrics_without_error()
    {
        using var dir = new TempDirectory();
        var config = dir.Write("alertmanager.yml", "route:\n  receiver: nobody\nreceivers:\n  - name: nobody\n");
        await using var alertmanager = await AlertmanagerServer.StartAsync(config);
        var started = DateTimeOffset.UtcNow;
        await using var vmalert = await VmalertServer.StartAsync(run.Store.BaseAddress, RepoPaths.RuleFiles, TimeSpan.FromSeconds(1), alertmanager.BaseUrl, remoteWrite: run.Store.BaseAddress);

        IReadOnlyList<VmalertRule> rules = [];
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (DateTimeOffset.UtcNow < deadline)
        {
            rules = await vmalert.RulesAsync();
            if (rules.Count > 0 && rules.All(r => r.LastEvaluation > started.AddSeconds(2)))
            {
                break;
            }

            await Task.Delay(500);
        }

        rules.Select(r => r.Name).ShouldContain("CheckoutZeroTransactions");
        rules.Select(r => r.Name).ShouldContain("AlertmanagerNotificationsFailing");
        rules.ShouldAllBe(r => r.LastEvaluation > started.AddSeconds(2), vmalert.Output);
        rules.Where(r => r.LastError.Length > 0).Select(r => $"{r.Group}/{r.Name}: {r.LastError}").ShouldBeEmpty();
    }

    private static int[] P1Hours(IReadOnlyList<HourVerdict> verdicts, string dataset) =>
        [.. verdicts.Where(v => v.Dataset == dataset && v.Alerts.Any(a => a.Severity == "P1")).Select(v => v.Hour).Order()];

    /// <summary>Equal within rounding (MetricsQL and PromQL may order floating-point operations differently), NaN equal to NaN.</summary>
    private static bool Same(double a, double b) =>
        double.IsNaN(a) ? double.IsNaN(b) : Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(b));

    /// <summary>Samples by series; the store's staleness markers (NaN) are not samples Prometheus returns.</summary>
    private static Dictionary<string, Sample[]> BySeries(IEnumerable<SampleSeries> series) =>
        series.ToDictionary(
            s => string.Join(",", s.Labels.Where(l => l.Key != "__name__").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")),
            s => s.Samples.Where(x => !double.IsNaN(x.Value)).ToArray());

    /// <summary>An instant vector as "labels = value" lines, in order.</summary>
    private static string[] Values(JsonElement vector) =>
    [
        .. vector.EnumerateArray()
            .Select(item => string.Join(",", item.GetProperty("metric").EnumerateObject().Where(l => l.Name != "__name__").OrderBy(l => l.Name, StringComparer.Ordinal).Select(l => $"{l.Name}={l.Value.GetString()}"))
                + " = " + item.GetProperty("value")[1].GetString())
            .Order(StringComparer.Ordinal),
    ];
}
