using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Stack.Tests.Alertmanager;

/// <summary>
/// Alerts shaped like the ones rules/*.yml produce (labels, summary, description with values, runbook), each
/// test with its own dataset or table name so tests sharing one Alertmanager never see each other's groups.
/// </summary>
internal static class TestAlerts
{
    public const string RunbookBase = "https://github.com/kpi-monitoring/kpi-monitoring/blob/main/docs/runbooks/";

    /// <summary>A name no other test uses, e.g. checkout_3f9a0c1d.</summary>
    public static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    public static AlertmanagerAlert CheckoutZeroTransactions(string dataset) => Checkout(
        "CheckoutZeroTransactions",
        "P1",
        dataset,
        "Checkouts stopped in an hour that normally has traffic.",
        $"Dataset {dataset} recorded 0 checkouts in hour 14h where 41.5 were expected (median of the four baselines); z-score -6.44.");

    public static AlertmanagerAlert CheckoutSharpDrop(string dataset) => Checkout(
        "CheckoutSharpDrop",
        "P2",
        dataset,
        "Checkout count far below its baselines.",
        $"Dataset {dataset} recorded 12 checkouts in hour 15h against 40.0 expected (z-score -4.43, deviation -70%).");

    public static AlertmanagerAlert CheckoutDrop(string dataset) => Checkout(
        "CheckoutDrop",
        "P3",
        dataset,
        "Checkout count below its baselines.",
        $"Dataset {dataset} recorded 27 checkouts in hour 16h against 40.0 expected (z-score -2.06, deviation -32.5%).");

    public static AlertmanagerAlert CheckoutDatasetStale(string dataset) => Checkout(
        "CheckoutDatasetStale",
        "P3",
        dataset,
        "A checkout dataset file has not been updated within its maximum age.",
        $"The file of dataset {dataset} was last modified 3h 2m ago (maximum 2h).");

    public static AlertmanagerAlert TableStaleCritical(string table) => Table(
        "TableStaleCritical",
        "P1",
        table,
        "A table has received no new rows for longer than its critical threshold.",
        $"The newest row of table {table} is 1d 2h old (critical after 1d).");

    public static AlertmanagerAlert RevenueDrop(string table) => Table(
        "RevenueDrop",
        "P2",
        table,
        "Revenue of the last hour far below both the hour before and the same hour last week.",
        $"Table {table} booked 310.00 in the last completed hour, 41% of the hour before (756.00) and 38% of the same hour last week (815.00).");

    public static AlertmanagerAlert TableStaleWarning(string table) => Table(
        "TableStaleWarning",
        "P3",
        table,
        "A table has received no new rows for longer than its warning threshold.",
        $"The newest row of table {table} is 13h old (warning after 12h, critical after 1d).");

    public static AlertmanagerAlert SourceFailing(string source) => Make(
        new() { ["alertname"] = "SourceFailing", ["severity"] = "P2", ["kind"] = "freshness", ["source"] = source, ["instance"] = "127.0.0.1:10123" },
        "The exporter cannot load one of its sources.",
        $"Source {source} (kind freshness) on 127.0.0.1:10123 has failed every load for 5 minutes; last success 12m ago.");

    /// <summary>ExporterDown for one exporter instance (give each test its own, so resolving one affects no other).</summary>
    public static AlertmanagerAlert ExporterDown(string instance) => Make(
        new() { ["alertname"] = "ExporterDown", ["severity"] = "P1", ["job"] = "kpi-exporter", ["instance"] = instance },
        "Prometheus cannot scrape the KPI exporter; every KPI alert is blind.",
        $"Target {instance} of job kpi-exporter has failed its scrapes for more than 1 minute.");

    public static AlertmanagerAlert Watchdog() => Make(
        new() { ["alertname"] = "Watchdog", ["severity"] = "none" },
        "Alerting pipeline heartbeat; always firing.",
        "This alert is always firing so that the path Prometheus to Alertmanager to receiver can be checked end to end.");

    /// <summary>How the templates name an alert's group: "P1 CheckoutZeroTransactions dataset=checkout_3f9a0c1d".</summary>
    public static string Subject(AlertmanagerAlert alert)
    {
        var subject = $"{alert.Labels["severity"]} {alert.Labels["alertname"]}";
        if (alert.Labels.TryGetValue("dataset", out var dataset))
        {
            subject += " dataset=" + dataset;
        }

        if (alert.Labels.TryGetValue("table", out var table))
        {
            subject += " table=" + table;
        }

        return subject;
    }

    public static string RunbookUrl(string alertname) => RunbookBase + alertname + ".md";

    private static AlertmanagerAlert Checkout(string alertname, string severity, string dataset, string summary, string description) =>
        Make(new() { ["alertname"] = alertname, ["severity"] = severity, ["dataset"] = dataset }, summary, description);

    private static AlertmanagerAlert Table(string alertname, string severity, string table, string summary, string description) =>
        Make(new() { ["alertname"] = alertname, ["severity"] = severity, ["table"] = table }, summary, description);

    private static AlertmanagerAlert Make(Dictionary<string, string> labels, string summary, string description) => new(
        labels,
        new Dictionary<string, string>
        {
            ["summary"] = summary,
            ["description"] = description,
            ["runbook_url"] = RunbookUrl(labels["alertname"]),
        },
        // Now, as Prometheus stamps an alert that starts firing. An older StartsAt would make Alertmanager skip
        // group_wait (it flushes at once when StartsAt + group_wait has passed), and the tests mean to run it.
        StartsAt: DateTimeOffset.UtcNow);
}
