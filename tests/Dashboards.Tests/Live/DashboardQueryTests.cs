using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KpiMonitoring.Dashboards.Tests.Offline;
using KpiMonitoring.Dashboards.Tests.Support;

namespace KpiMonitoring.Dashboards.Tests.Live;

/// <summary>
/// Every panel query of every dashboard, with its template variables substituted as Grafana would, run through the
/// real Prometheus's /api/v1/query against the real exporter (checkout replay and PostgreSQL checks) and the
/// project's rules: each must succeed and return data, at least one value of which is a number (not NaN).
/// </summary>
[Collection(LivePrometheusCollectionDefinition.Name)]
public sealed partial class DashboardQueryTests(LivePrometheus live)
{
    public static TheoryData<string, int, string> AllTargets =>
        Dashboard.TargetsOf("checkout-overview.json", "revenue-freshness.json", "exporter-health.json");

    [Theory]
    [MemberData(nameof(AllTargets))]
    public async Task Panel_query_returns_data(string file, int panelId, string refId)
    {
        var target = Dashboard.Load(file).Target(panelId, refId);

        var result = await live.QueryAsync(target.Expr);

        result.GetArrayLength().ShouldBeGreaterThan(0, $"no data for {target}{Environment.NewLine}{live.Logs}");
        result.EnumerateArray().Any(r => r.GetProperty("value")[1].GetString() != "NaN")
            .ShouldBeTrue($"only NaN for {target}: {result}");
    }

    [Fact]
    public async Task Dataset_variable_lists_both_replayed_datasets_and_not_the_broken_one()
    {
        var values = await VariableValuesAsync("checkout-overview.json", "dataset");

        values.ShouldBe(["checkout_1", "checkout_2"], ignoreOrder: true);
    }

    [Fact]
    public async Task Table_variable_lists_the_checked_table()
    {
        var values = await VariableValuesAsync("revenue-freshness.json", "table");

        values.ShouldBe([LivePrometheus.Table]);
    }

    [Fact]
    public async Task Checkout_alerts_table_shows_the_stop_on_checkout_2_as_a_p1()
    {
        var rows = await AlertRowsAsync("checkout-overview.json", "Alerts firing for this dataset");

        rows.ShouldBe(["CheckoutZeroTransactions P1"]);
    }

    [Fact]
    public async Task Checkout_annotations_mark_the_stop_on_checkout_2_as_a_p1()
    {
        var rows = await AnnotationRowsAsync("checkout-overview.json");

        rows.ShouldBe(["CheckoutZeroTransactions P1"]);
    }

    [Fact]
    public async Task Table_annotations_mark_the_negative_amounts()
    {
        var rows = await AnnotationRowsAsync("revenue-freshness.json");

        rows.ShouldContain("NegativeAmountRows P2");
    }

    [Fact]
    public async Task Table_alerts_table_shows_the_negative_amounts()
    {
        var rows = await AlertRowsAsync("revenue-freshness.json", "Alerts firing for these tables");

        rows.ShouldContain("NegativeAmountRows P2");
    }

    /// <summary>
    /// The headline adds up the replayed file itself: today's column and the baselines' columns of data/checkout_2.csv
    /// from 00h up to the hour the exporter judges at that instant.
    /// </summary>
    [Fact]
    public async Task Today_so_far_adds_up_the_files_hours_to_the_judged_hour_for_today_yesterday_and_last_week()
    {
        // The sums are recording rules, evaluated up to one evaluation interval before the instant of the query, and
        // the replay moves on every 2 s: add up to the hour the rules saw, the judged hour when they were evaluated.
        var recorded = await SingleValueAsync($"timestamp(dataset:checkout_transactions:sum_day_so_far{{dataset=\"{LivePrometheus.Dataset}\"}})");
        var judgedExpr = $"kpi_checkout_judged_hour{{dataset=\"{LivePrometheus.Dataset}\"}}";
        var judged = (int)PrometheusQueries.SingleValue(
            await live.Prometheus.QueryAsync(judgedExpr, DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(recorded * 1000))),
            judgedExpr);
        var rows = File.ReadLines(RepoPaths.DataFile(LivePrometheus.Dataset + ".csv")).Skip(1)
            .Select(line => line.Split(','))
            .Where(fields => int.Parse(fields[0].TrimEnd('h'), CultureInfo.InvariantCulture) <= judged)
            .ToList();
        double Column(int index) => rows.Sum(fields => double.Parse(fields[index], CultureInfo.InvariantCulture));
        var panel = Dashboard.Load("checkout-overview.json").Targets.Where(t => t.PanelTitle == "Checkouts today so far").ToList();

        rows.Count.ShouldBe(judged + 1);
        (await SingleValueAsync(panel.Single(t => t.RefId == "A").Expr)).ShouldBe(Column(1), 1e-9, "today");
        (await SingleValueAsync(panel.Single(t => t.RefId == "B").Expr)).ShouldBe(Column(2), 1e-9, "yesterday");
        (await SingleValueAsync(panel.Single(t => t.RefId == "C").Expr)).ShouldBe(Column(3), 1e-9, "same day last week");
    }

    /// <summary>
    /// The growth stats are data/checkout_2.csv's columns at the hour the rules judged: today / baseline - 1 for the
    /// judged hour (yesterday, same day last week, average last month), and the volatility is the population
    /// standard deviation of the hour's four baselines over their median.
    /// </summary>
    [Fact]
    public async Task Growth_of_the_judged_hour_and_volatility_are_the_files_columns_at_that_hour()
    {
        var dashboard = Dashboard.Load("checkout-overview.json");
        var growth = dashboard.Targets.Where(t => t.PanelTitle == "Growth of the judged hour" && t.Instant).ToList();
        var volatility = dashboard.Targets.Single(t => t.PanelTitle == "Volatility of the baselines");
        var recorded = await SingleValueAsync($"timestamp(dataset_period:checkout_transactions:growth{{dataset=\"{LivePrometheus.Dataset}\", period=\"day_over_day\"}})");
        var judgedExpr = $"kpi_checkout_judged_hour{{dataset=\"{LivePrometheus.Dataset}\"}}";
        var judged = (int)PrometheusQueries.SingleValue(
            await live.Prometheus.QueryAsync(judgedExpr, DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(recorded * 1000))),
            judgedExpr);
        var row = File.ReadLines(RepoPaths.DataFile(LivePrometheus.Dataset + ".csv")).Skip(1)
            .Select(line => line.Split(',').Select(f => f.TrimEnd('h')).Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray())
            .Single(fields => (int)fields[0] == judged);
        double[] baselines = [row[2], row[3], row[4], row[5]];
        var mean = baselines.Average();
        var sorted = baselines.Order().ToArray();

        (await SingleValueAsync(growth.Single(t => t.RefId == "A").Expr)).ShouldBe(row[1] / row[2] - 1, 1e-9, $"day over day at {judged}h");
        (await SingleValueAsync(growth.Single(t => t.RefId == "B").Expr)).ShouldBe(row[1] / row[3] - 1, 1e-9, $"week over week at {judged}h");
        (await SingleValueAsync(growth.Single(t => t.RefId == "C").Expr)).ShouldBe(row[1] / row[5] - 1, 1e-9, $"month over month at {judged}h");
        (await SingleValueAsync(volatility.Expr)).ShouldBe(
            Math.Sqrt(baselines.Sum(b => (b - mean) * (b - mean)) / 4) / ((sorted[1] + sorted[2]) / 2), 1e-9, $"volatility at {judged}h");
    }

    /// <summary>A replaying exporter exports no maximum age (a replayed day is never stale): the share says so.</summary>
    [Fact]
    public async Task File_age_share_of_the_maximum_reads_not_judged_in_replay_mode()
    {
        var dashboard = Dashboard.Load("checkout-overview.json");
        var panel = dashboard.ContentPanels.Single(p => (string?)p["title"] == "File age");

        var value = await SingleValueAsync(dashboard.Targets.Single(t => t.PanelTitle == "File age" && t.RefId == "B").Expr);

        StatDisplay.Of(panel, value, "B").ShouldBe(new StatDisplay("not judged (replay)", "text"));
    }

    /// <summary>
    /// The threshold series are the exporter's configured values for the selected dataset or table: the shipped
    /// defaults for checkout_2 and the table, and checkout_1's own P2 z-score line.
    /// </summary>
    [Theory]
    [InlineData("checkout-overview.json", "z-score", "B", LivePrometheus.Dataset, -2)]
    [InlineData("checkout-overview.json", "z-score", "C", LivePrometheus.Dataset, -3)]
    [InlineData("checkout-overview.json", "z-score", "B", LivePrometheus.OverriddenDataset, -2)]
    [InlineData("checkout-overview.json", "z-score", "C", LivePrometheus.OverriddenDataset, LivePrometheus.OverriddenSharpDropMaxZScore)]
    [InlineData("checkout-overview.json", "Deviation from expected", "B", LivePrometheus.Dataset, -0.25)]
    [InlineData("checkout-overview.json", "Deviation from expected", "C", LivePrometheus.Dataset, -0.5)]
    [InlineData("checkout-overview.json", "Deviation from expected", "D", LivePrometheus.Dataset, -0.9)]
    [InlineData("checkout-overview.json", "Checkouts against the expected band", "F", LivePrometheus.Dataset, 15)]
    [InlineData("checkout-overview.json", "Checkouts against the expected band", "G", LivePrometheus.Dataset, 5)]
    [InlineData("checkout-overview.json", "The judged hour's baselines", "D", LivePrometheus.Dataset, 15)]
    [InlineData("checkout-overview.json", "The judged hour's baselines", "E", LivePrometheus.Dataset, 5)]
    [InlineData("revenue-freshness.json", "Velocity: last hour against the hour before", "B", LivePrometheus.Dataset, -0.2)]
    [InlineData("revenue-freshness.json", "Last hour against the same hour last week", "B", LivePrometheus.Dataset, -0.4)]
    [InlineData("revenue-freshness.json", "Transactions per hour (the alerts' volume gates)", "B", LivePrometheus.Dataset, 15)]
    [InlineData("revenue-freshness.json", "Transactions per hour (the alerts' volume gates)", "C", LivePrometheus.Dataset, 20)]
    public async Task Threshold_series_is_the_configured_value(string file, string panelTitle, string refId, string dataset, double configured)
    {
        // The series drawn on a graph or bar gauge; the stat of the same title shows the lines reached (below).
        var dashboard = Dashboard.Load(file);
        var panel = dashboard.ContentPanels.Single(p => (string?)p["title"] == panelTitle && (string?)p["type"] != "stat");
        var target = dashboard.Target((int)panel["id"]!, refId);

        var value = PrometheusQueries.SingleValue(await live.QueryForDatasetAsync(target.Expr, dataset), target.Expr);

        value.ShouldBe(configured, 1e-9, $"{target} for {dataset}");
    }

    /// <summary>
    /// The z-score and deviation stats name the configured lines the judged hour has reached, worked out from the
    /// hour's values and the exported thresholds; checkout_2's stopped hour (the P1 firing) has reached the P1 line.
    /// </summary>
    [Fact]
    public async Task Checkout_stats_name_the_configured_lines_the_hour_has_reached()
    {
        var dashboard = Dashboard.Load("checkout-overview.json");
        Task<double> Value(string expr) => SingleValueAsync(expr);
        async Task<double> Threshold(string name) =>
            await Value($"dataset:checkout_threshold:value{{dataset=\"{LivePrometheus.Dataset}\", threshold=\"{name}\"}}");
        var z = await Value(dashboard.Targets.Single(t => t.PanelTitle == "z-score" && t.Instant && t.RefId == "A").Expr);
        var deviation = await Value(dashboard.Targets.Single(t => t.PanelTitle == "Deviation from expected" && t.Instant && t.RefId == "A").Expr);
        var zLines = new[] { await Threshold("drop_max_zscore"), await Threshold("sharp_drop_max_zscore") }.Count(line => z <= line);
        var deviationLines = new[]
        {
            await Threshold("drop_max_deviation_ratio"), await Threshold("sharp_drop_max_deviation_ratio"), await Threshold("stopped_max_deviation_ratio"),
        }.Count(line => deviation <= line);

        var zShown = await Value(dashboard.Targets.Single(t => t.PanelTitle == "z-score" && t.Instant && t.RefId == "B").Expr);
        var deviationShown = await Value(dashboard.Targets.Single(t => t.PanelTitle == "Deviation from expected" && t.Instant && t.RefId == "B").Expr);

        zShown.ShouldBe(zLines);
        deviationShown.ShouldBe(deviationLines);
        StatDisplay.Of(dashboard.ContentPanels.Single(p => (string?)p["title"] == "Deviation from expected" && (string?)p["type"] == "stat"), deviationShown, "B")
            .ShouldBe(new StatDisplay("P1 line reached", "dark-red"));
    }

    [Fact]
    public async Task Errors_in_range_name_the_broken_file_and_its_reason()
    {
        var target = Dashboard.Load("exporter-health.json").Targets.Single(t => t.PanelTitle == "Errors in the selected time range");

        var rows = (await live.QueryAsync(target.Expr)).EnumerateArray().Select(r => r.GetProperty("metric")).ToList();

        rows.ShouldContain(m => m.GetProperty("source").GetString() == LivePrometheus.BrokenDataset && m.GetProperty("reason").GetString() != "");
    }

    private async Task<double> SingleValueAsync(string expr) => PrometheusQueries.SingleValue(await live.QueryAsync(expr), expr);

    private async Task<List<string>> AlertRowsAsync(string file, string panelTitle)
    {
        var target = Dashboard.Load(file).Targets.Single(t => t.PanelTitle == panelTitle);
        return [.. (await live.QueryAsync(target.Expr)).EnumerateArray()
            .Select(r => r.GetProperty("metric"))
            .Select(m => $"{m.GetProperty("alertname").GetString()} {m.GetProperty("severity").GetString()}")];
    }

    private async Task<List<string>> AnnotationRowsAsync(string file)
    {
        var expr = (string?)Dashboard.Load(file).FiringAlertsAnnotation["expr"] ?? "";
        return [.. (await live.QueryAsync(expr)).EnumerateArray()
            .Select(r => r.GetProperty("metric"))
            .Select(m => $"{m.GetProperty("alertname").GetString()} {m.GetProperty("severity").GetString()}")];
    }

    /// <summary>label_values(selector, label) evaluated as Grafana's variable query does: the distinct values.</summary>
    private async Task<List<string>> VariableValuesAsync(string file, string name)
    {
        JsonObject variable = Dashboard.Load(file).Variables.Single(v => (string?)v["name"] == name);
        var match = LabelValues().Match(DashboardStructureTests.VariableQuery(variable));
        match.Success.ShouldBeTrue();
        var label = match.Groups["label"].Value;
        var result = await live.QueryAsync($"group by ({label}) ({match.Groups["selector"].Value})");
        return [.. result.EnumerateArray().Select(r => r.GetProperty("metric").GetProperty(label).GetString() ?? "")];
    }

    [GeneratedRegex(@"^label_values\((?<selector>.+),\s*(?<label>\w+)\)$")]
    private static partial Regex LabelValues();
}
