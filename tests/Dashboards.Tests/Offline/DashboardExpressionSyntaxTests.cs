using System.Globalization;
using System.Text;
using KpiMonitoring.Dashboards.Tests.Support;
using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Dashboards.Tests.Offline;

/// <summary>
/// Every panel and annotation query parses as PromQL, checked offline by promtool (each query becomes a recording rule), so a
/// typo shows up without any server and for every dashboard, revenue-freshness included.
/// </summary>
public sealed class DashboardExpressionSyntaxTests
{
    private static readonly IReadOnlyDictionary<string, string> SampleValues = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["dataset"] = "checkout_2",
        ["table"] = "transactions",
    };

    [Theory]
    [MemberData(nameof(Dashboard.Files), MemberType = typeof(Dashboard))]
    public async Task Every_query_parses_as_promql(string file)
    {
        var dashboard = Dashboard.Load(file);
        var queries = dashboard.Targets.Select(t => (Name: $"{t.PanelTitle} {t.RefId}", t.Expr))
            .Concat(dashboard.Annotations.Where(a => a["expr"] is not null).Select(a => (Name: $"annotation {a["name"]}", Expr: (string?)a["expr"] ?? "")))
            .ToList();
        var yaml = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        foreach (var ((name, query), index) in queries.Select((q, i) => (q, i)))
        {
            var expr = TemplateVariables.Substitute(query, SampleValues);
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      # {name}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      - record: dashboard:query_{index}:check");
            yaml.AppendLine("        expr: |");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"          {expr}");
        }

        var dir = Directory.CreateTempSubdirectory("kpi-dashboard-promql-");
        try
        {
            var rules = Path.Combine(dir.FullName, "queries.yml");
            await File.WriteAllTextAsync(rules, yaml.ToString());
            await using var promtool = ManagedProcess.Start("promtool", ["check", "rules", rules], name: "promtool");
            var exit = await promtool.WaitForExitAsync(TimeSpan.FromSeconds(30));
            exit.ShouldBe(0, $"promtool rejects a query of {file}:{Environment.NewLine}{promtool.Output}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
