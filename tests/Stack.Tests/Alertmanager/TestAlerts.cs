using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Stack.Tests.Alertmanager;

/// <summary>
/// Alerts shaped like the ones rules/*.yml produce (labels, title and description with values, summary, runbook
/// path), each test with its own dataset or table name so tests sharing one Alertmanager never see each other's
/// groups.
/// </summary>
internal static class TestAlerts
{
    /// <summary>The rules name runbooks by their path in the repository.</summary>
    public const string RunbookPath = "docs/runbooks/";

    /// <summary>A name no other test uses, e.g. checkout_3f9a0c1d.</summary>
    public static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    public static AlertmanagerAlert CheckoutZeroTransactions(string dataset) => Checkout(
        "CheckoutZeroTransactions",
        "P1",
        dataset,
        $"{dataset}: 0 checkouts in 14h, 41.5 expected",
        "Checkouts stopped or nearly stopped in an hour that normally has traffic.",
        $"Dataset {dataset} recorded 0 checkouts in hour 14h where 41.5 were expected (median of the four baselines); z-score -6.44.");

    public static AlertmanagerAlert CheckoutSilence(string dataset) => Checkout(
        "CheckoutSilence",
        "P1",
        dataset,
        $"{dataset}: no new checkout for 2m 41s, 16.1 expected in that time",
        "The checkout export shows no new checkout for longer than is plausible at this hour.",
        $"Dataset {dataset}: the day's checkout count has not risen for 2m 41s of exported data: 16.1 checkouts were expected in that time at 360 an hour (median of this hour's baselines). The running hour has 0 so far against 16.1 expected. The alarm is at 16 expected checkouts, a silence of 2m 40s now.");

    public static AlertmanagerAlert CheckoutSharpDrop(string dataset) => Checkout(
        "CheckoutSharpDrop",
        "P2",
        dataset,
        $"{dataset}: 12 checkouts in 15h, 40.0 expected (z -4.43)",
        "Checkout count far below its baselines.",
        $"Dataset {dataset} recorded 12 checkouts in hour 15h against 40.0 expected (z-score -4.43, deviation -70%).");

    /// <summary>The escalation of <paramref name="p2"/> as rules/escalation.rules.yml raises it: its labels, its name as escalated_alertname, severity P1.</summary>
    public static AlertmanagerAlert AlertEscalated(AlertmanagerAlert p2)
    {
        var labels = new Dictionary<string, string>(p2.Labels)
        {
            ["alertname"] = "AlertEscalated",
            ["escalated_alertname"] = p2.Labels["alertname"],
            ["severity"] = "P1",
        };
        var subject = string.Join(" ", p2.Labels.Where(l => l.Key is "dataset" or "table").Select(l => $"({l.Value})"));
        return Make(
            labels,
            $"{p2.Labels["alertname"]} {subject}: P2 firing for 1h 0m 0s without resolution, escalated",
            "A P2 alert has fired for an hour without being resolved.",
            $"{p2.Labels["alertname"]} (P2) has been firing for 1h 0m 0s and has not been resolved or silenced.");
    }

    public static AlertmanagerAlert CheckoutDrop(string dataset) => Checkout(
        "CheckoutDrop",
        "P3",
        dataset,
        $"{dataset}: 27 checkouts in 16h, 40.0 expected (z -2.06)",
        "Checkout count below its baselines.",
        $"Dataset {dataset} recorded 27 checkouts in hour 16h against 40.0 expected (z-score -2.06, deviation -32.5%).");

    public static AlertmanagerAlert CheckoutDatasetStale(string dataset) => Checkout(
        "CheckoutDatasetStale",
        "P3",
        dataset,
        $"{dataset}: file last modified 3h 2m ago (maximum 2h)",
        "A checkout dataset file has not been updated within its maximum age.",
        $"The file of dataset {dataset} was last modified 3h 2m ago (maximum 2h).");

    public static AlertmanagerAlert TableStaleCritical(string table) => Table(
        "TableStaleCritical",
        "P1",
        table,
        $"{table}: newest row 1d 2h old (critical after 1d)",
        "A table has received no new rows for longer than its critical threshold.",
        $"The newest row of table {table} is 1d 2h old (critical after 1d).");

    public static AlertmanagerAlert RevenueDrop(string table) => Table(
        "RevenueDrop",
        "P2",
        table,
        $"{table}: 310.00 revenue in the last hour, 41% of the hour before",
        "Revenue of the last hour far below both the hour before and the same hour last week.",
        $"Table {table} booked 310.00 in the last completed hour, 41% of the hour before (756.00) and 38% of the same hour last week (815.00).");

    public static AlertmanagerAlert RevenueSilence(string table) => Table(
        "RevenueSilence",
        "P1",
        table,
        $"{table}: no sale for 2m 41s, 16.1 expected in that time",
        "No sale for longer than is plausible at this time of the week.",
        $"Table {table} has had no sale for 2m 41s: 16.1 sales were expected in that time at 360 an hour (the same time in past weeks). The alarm is at 16 expected sales, a silence of 2m 40s now.");

    public static AlertmanagerAlert RevenueStopped(string table) => Table(
        "RevenueStopped",
        "P1",
        table,
        $"{table}: 0.00 revenue in the last hour; 51 transactions yesterday, 42 last week",
        "No revenue in the last hour although this hour normally sells.",
        $"Table {table} booked 0.00 revenue in the last completed hour (0 transactions); the same hour had 51 transactions yesterday and 42 last week.");

    public static AlertmanagerAlert RevenueRateDrop(string table) => Table(
        "RevenueRateDrop",
        "P2",
        table,
        $"{table}: 31 sales in 15 minutes, 90.0 expected",
        "Sales of the last 15 minutes far below the same time in past weeks.",
        $"Table {table} made 31 sales in the last 15 minutes against 90.0 expected (z-score -6.22, deviation -65.6%).");

    public static AlertmanagerAlert TableStaleWarning(string table) => Table(
        "TableStaleWarning",
        "P3",
        table,
        $"{table}: newest row 13h old (warning after 12h)",
        "A table has received no new rows for longer than its warning threshold.",
        $"The newest row of table {table} is 13h old (warning after 12h, critical after 1d).");

    public static AlertmanagerAlert SourceFailing(string source) => Make(
        new() { ["alertname"] = "SourceFailing", ["severity"] = "P2", ["kind"] = "freshness", ["source"] = source, ["instance"] = "127.0.0.1:10123" },
        $"{source} (freshness): every load failing for 5m, last success 12m ago",
        "The exporter cannot load one of its sources.",
        $"Source {source} (kind freshness) on 127.0.0.1:10123 has failed every load for 5 minutes; last success 12m ago.");

    /// <summary>ExporterDown for one exporter instance (give each test its own, so resolving one affects no other).</summary>
    public static AlertmanagerAlert ExporterDown(string instance) => Make(
        new() { ["alertname"] = "ExporterDown", ["severity"] = "P1", ["job"] = "kpi-exporter", ["instance"] = instance },
        $"{instance}: exporter not scraped for 1m",
        "Prometheus cannot scrape the KPI exporter; every KPI alert is blind.",
        $"Target {instance} of job kpi-exporter has failed its scrapes for more than 1 minute.");

    public static AlertmanagerAlert Watchdog() => Make(
        new() { ["alertname"] = "Watchdog", ["severity"] = "none" },
        "alerting pipeline heartbeat",
        "Alerting pipeline heartbeat; always firing.",
        "This alert is always firing so that the path Prometheus to Alertmanager to receiver can be checked end to end.");

    /// <summary>
    /// How every first line about an alert's group ends, firing or resolved: its title and alertname,
    /// "checkout_3f9a0c1d: 0 checkouts in 14h, 41.5 expected (CheckoutZeroTransactions)". The dataset or table in
    /// the title is unique per test, so this tells the groups apart.
    /// </summary>
    public static string Subject(AlertmanagerAlert alert) => $"{alert.Annotations!["title"]} ({alert.Labels["alertname"]})";

    /// <summary>The first line of a firing notification: "P1 checkout_3f9a0c1d: 0 checkouts in 14h, 41.5 expected (CheckoutZeroTransactions)".</summary>
    public static string FiringHeadline(AlertmanagerAlert alert) => $"{alert.Labels["severity"]} {Subject(alert)}";

    /// <summary>The runbook link the notifications carry: the rendered docs base plus the rules' runbook path.</summary>
    public static string RunbookUrl(string alertname) => AlertmanagerConfig.DocsUrl + "/" + RunbookPath + alertname + ".md";

    private static AlertmanagerAlert Checkout(string alertname, string severity, string dataset, string title, string summary, string description) =>
        Make(new() { ["alertname"] = alertname, ["severity"] = severity, ["dataset"] = dataset }, title, summary, description);

    private static AlertmanagerAlert Table(string alertname, string severity, string table, string title, string summary, string description) =>
        Make(new() { ["alertname"] = alertname, ["severity"] = severity, ["table"] = table }, title, summary, description);

    private static AlertmanagerAlert Make(Dictionary<string, string> labels, string title, string summary, string description) => new(
        labels,
        new Dictionary<string, string>
        {
            ["title"] = title,
            ["summary"] = summary,
            ["description"] = description,
            ["runbook_url"] = RunbookPath + labels["alertname"] + ".md",
        },
        // Now, as Prometheus stamps an alert that starts firing. An older StartsAt would make Alertmanager skip
        // group_wait (it flushes at once when StartsAt + group_wait has passed), and the tests mean to run it.
        StartsAt: DateTimeOffset.UtcNow);
}
