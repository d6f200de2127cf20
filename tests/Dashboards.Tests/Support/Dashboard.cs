using System.Text.Json.Nodes;

namespace KpiMonitoring.Dashboards.Tests.Support;

/// <summary>One provisioned dashboard file of dashboards/, parsed.</summary>
internal sealed class Dashboard
{
    /// <summary>Every dashboard the stack provisions, with the uid other parts of the stack link to.</summary>
    public static readonly IReadOnlyDictionary<string, string> Uids = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["checkout-overview.json"] = "kpi-checkout-overview",
        ["revenue-freshness.json"] = "kpi-revenue-freshness",
        ["exporter-health.json"] = "kpi-exporter-health",
    };

    private static readonly Dictionary<string, Dashboard> Cache = new(StringComparer.Ordinal);

    private Dashboard(string fileName, JsonObject json)
    {
        FileName = fileName;
        Json = json;
    }

    public string FileName { get; }

    public JsonObject Json { get; }

    public string Uid => (string?)Json["uid"] ?? "";

    /// <summary>Every panel, rows and the panels inside collapsed rows included.</summary>
    public IEnumerable<JsonObject> Panels => Flatten(Json["panels"]?.AsArray() ?? []);

    /// <summary>Every panel that shows something (not a row).</summary>
    public IEnumerable<JsonObject> ContentPanels => Panels.Where(p => (string?)p["type"] != "row");

    public IEnumerable<PanelTarget> Targets =>
        from panel in Panels
        from target in (panel["targets"]?.AsArray() ?? []).OfType<JsonObject>()
        select new PanelTarget(
            FileName,
            (int?)panel["id"] ?? -1,
            (string?)panel["title"] ?? "",
            (string?)target["refId"] ?? "",
            (string?)target["expr"] ?? "",
            (bool?)target["instant"] ?? false,
            target);

    public IEnumerable<JsonObject> Variables => (Json["templating"]?["list"]?.AsArray() ?? []).OfType<JsonObject>();

    public IEnumerable<JsonObject> Annotations => (Json["annotations"]?["list"]?.AsArray() ?? []).OfType<JsonObject>();

    /// <summary>The annotation that marks firing alerts on every time series: a Prometheus query on ALERTS.</summary>
    public JsonObject FiringAlertsAnnotation =>
        Annotations.SingleOrDefault(a => (string?)a["name"] == "Firing alerts")
        ?? throw new InvalidOperationException($"{FileName} has no 'Firing alerts' annotation");

    public static Dashboard Load(string fileName)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(fileName, out var dashboard))
            {
                var json = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Dashboards, fileName)))?.AsObject()
                    ?? throw new InvalidOperationException(fileName + " is not a JSON object");
                dashboard = new Dashboard(fileName, json);
                Cache[fileName] = dashboard;
            }

            return dashboard;
        }
    }

    /// <summary>Theory data: one row per dashboard file.</summary>
    public static TheoryData<string> Files() => [.. Uids.Keys];

    /// <summary>Theory data: one row per query target of the given dashboards (file, panel id, refId).</summary>
    public static TheoryData<string, int, string> TargetsOf(params string[] fileNames)
    {
        var data = new TheoryData<string, int, string>();
        foreach (var target in fileNames.SelectMany(f => Load(f).Targets))
        {
            data.Add(target.Dashboard, target.PanelId, target.RefId);
        }

        return data;
    }

    public PanelTarget Target(int panelId, string refId) =>
        Targets.Single(t => t.PanelId == panelId && t.RefId == refId);

    private static IEnumerable<JsonObject> Flatten(JsonArray panels)
    {
        foreach (var panel in panels.OfType<JsonObject>())
        {
            yield return panel;
            foreach (var inner in Flatten(panel["panels"]?.AsArray() ?? []))
            {
                yield return inner;
            }
        }
    }
}

/// <summary>One query of one panel.</summary>
internal sealed record PanelTarget(string Dashboard, int PanelId, string PanelTitle, string RefId, string Expr, bool Instant, JsonObject Json)
{
    public override string ToString() => $"{Dashboard} panel {PanelId} '{PanelTitle}' target {RefId}: {Expr}";
}
