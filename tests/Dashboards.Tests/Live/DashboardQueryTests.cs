using System.Text.Json;
using KpiMonitoring.Dashboards.Tests.Offline;
using KpiMonitoring.Dashboards.Tests.Support;

namespace KpiMonitoring.Dashboards.Tests.Live;

/// <summary>
/// Every panel query, with its template variables substituted as Grafana would, run through the real Prometheus's
/// /api/v1/query against the real exporter and the project's rules.
/// </summary>
[Collection(LivePrometheusCollectionDefinition.Name)]
public sealed class DashboardQueryTests(LivePrometheus live)
{
    public static TheoryData<string, int, string> CheckoutAndExporterTargets =>
        Dashboard.TargetsOf("checkout-overview.json", "exporter-health.json");

    public static TheoryData<string, int, string> RevenueFreshnessTargets =>
        Dashboard.TargetsOf("revenue-freshness.json");

    [Theory]
    [MemberData(nameof(CheckoutAndExporterTargets))]
    public async Task Panel_query_returns_data(string file, int panelId, string refId)
    {
        var target = Dashboard.Load(file).Target(panelId, refId);

        var result = await live.QueryAsync(target.Expr);

        result.GetArrayLength().ShouldBeGreaterThan(0, $"no data for {target}{Environment.NewLine}{live.Logs}");
    }

    /// <summary>
    /// SYNTAX ONLY, NOT A CHECK FOR DATA: the revenue-freshness panels read the exporter's database metrics, which
    /// exist only with PostgreSQL and the feeder, and this fixture starts neither. Prometheus must accept each
    /// query (status success); an empty result is allowed.
    /// </summary>
    [Theory]
    [MemberData(nameof(RevenueFreshnessTargets))]
    public async Task Revenue_freshness_query_is_accepted_by_prometheus(string file, int panelId, string refId)
    {
        var target = Dashboard.Load(file).Target(panelId, refId);

        var result = await live.QueryAsync(target.Expr);

        result.ValueKind.ShouldBe(JsonValueKind.Array, target.ToString());
    }

    [Fact]
    public async Task Dataset_variable_lists_both_replayed_datasets_and_not_the_broken_one()
    {
        var variable = Dashboard.Load("checkout-overview.json").Variables.Single(v => (string?)v["name"] == "dataset");

        var values = await VariableValuesAsync(variable);

        values.ShouldBe(["checkout_1", "checkout_2"], ignoreOrder: true);
    }

    [Fact]
    public async Task Table_variable_query_is_accepted_by_prometheus()
    {
        // Syntax only, for the same reason as the revenue-freshness panels: no database, so no tables.
        var variable = Dashboard.Load("revenue-freshness.json").Variables.Single(v => (string?)v["name"] == "table");

        await VariableValuesAsync(variable);
    }

    [Fact]
    public async Task Alerts_table_shows_the_stop_on_checkout_2_as_a_p1()
    {
        var panel = Dashboard.Load("checkout-overview.json").Targets.Single(t => t.PanelTitle == "Alerts firing for this dataset");

        var rows = (await live.QueryAsync(panel.Expr)).EnumerateArray()
            .Select(r => (r.GetProperty("metric").GetProperty("alertname").GetString(), r.GetProperty("metric").GetProperty("severity").GetString()))
            .ToList();

        rows.ShouldBe([("CheckoutZeroTransactions", "P1")]);
    }

    [Fact]
    public async Task Errors_by_reason_name_the_broken_file_and_its_reason()
    {
        var panel = Dashboard.Load("exporter-health.json").Targets.Single(t => t.PanelTitle == "Errors in the selected time range");

        var rows = (await live.QueryAsync(panel.Expr)).EnumerateArray().Select(r => r.GetProperty("metric")).ToList();

        rows.ShouldContain(m => m.GetProperty("source").GetString() == LivePrometheus.BrokenDataset && m.GetProperty("reason").GetString() != "");
    }

    /// <summary>label_values(selector, label) evaluated as Grafana's variable query does: the distinct values.</summary>
    private async Task<List<string>> VariableValuesAsync(System.Text.Json.Nodes.JsonObject variable)
    {
        var match = System.Text.RegularExpressions.Regex.Match(
            DashboardStructureTests.VariableQuery(variable), @"^label_values\((?<selector>.+),\s*(?<label>\w+)\)$");
        match.Success.ShouldBeTrue();
        var label = match.Groups["label"].Value;
        var result = await live.QueryAsync($"group by ({label}) ({match.Groups["selector"].Value})");
        return [.. result.EnumerateArray().Select(r => r.GetProperty("metric").GetProperty(label).GetString() ?? "")];
    }
}
