using KpiMonitoring.Backtest.History;

namespace KpiMonitoring.Backtest.Tests.History;

public sealed class RuleSetTests
{
    [Fact]
    public void The_checkout_alerts_read_no_recorded_series_once_expanded()
    {
        var rules = RuleSet.Load(RepoPaths.Rules);

        var zero = rules.Single(r => r.Name == "CheckoutZeroTransactions");
        zero.Severity.ShouldBe("P1");
        zero.For.ShouldBe(TimeSpan.Zero);
        zero.Expression.ShouldNotContain("dataset:checkout_transactions:");
        zero.Expression.ShouldContain("kpi_checkout_judged_hour_baseline_transactions");
    }

    [Fact]
    public void For_durations_are_read_as_Prometheus_writes_them()
    {
        var rules = RuleSet.Load(RepoPaths.Rules);

        rules.Single(r => r.Name == "ExporterDown").For.ShouldBe(TimeSpan.FromMinutes(1));
        RuleSet.ParseDuration("1h30m", "x").ShouldBe(TimeSpan.FromMinutes(90));
        Should.Throw<BacktestException>(() => RuleSet.ParseDuration("5 minutes", "x")).Message.ShouldContain("alert x");
    }

    [Fact]
    public void A_recorded_series_with_extra_labels_is_expanded_with_them_and_strings_are_left_alone()
    {
        var high = Load("""
              - record: job:x:sum
                expr: sum by (job) (x{note="job:x:sum"})
                labels:
                  kind: total
              - alert: High
                expr: job:x:sum > 3
                for: 2h
                labels:
                  severity: P2
            """).ShouldHaveSingleItem();

        high.Expression.ShouldBe("label_replace((sum by (job) (x{note=\"job:x:sum\"})), \"kind\", \"total\", \"\", \"\") > 3");
        high.For.ShouldBe(TimeSpan.FromHours(2));
    }

    [Fact]
    public void A_recorded_series_read_with_a_selector_is_refused_by_name()
    {
        Should.Throw<BacktestException>(() => Load("""
              - record: job:x:sum
                expr: sum by (job) (x)
              - alert: High
                expr: job:x:sum{job="a"} > 3
            """)).Message.ShouldContain("alert High reads the recorded series job:x:sum with a selector");
    }

    /// <summary>The alerts of one rule file whose only group holds <paramref name="rules"/> (YAML list items).</summary>
    private static IReadOnlyList<AlertRule> Load(string rules)
    {
        using var dir = new TempDirectory();
        dir.Write("a.yml", "groups:\n  - name: g\n    rules:\n" + string.Concat(rules.Split('\n').Select(line => "  " + line + "\n")));
        return RuleSet.Load(dir.Path);
    }
}
