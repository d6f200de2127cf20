using KpiMonitoring.Dashboards.Tests.Support;

namespace KpiMonitoring.Dashboards.Tests.Live;

/// <summary>
/// The checkout overview's "File age" panel in live mode, where the exporter exports its configured maximum age:
/// the share of the maximum is read from that value (here 10 minutes, not the shipped 2 hours), green for a fresh
/// file and orange for one older than the maximum, as CheckoutDatasetStale judges it. A real exporter in live mode
/// and a real Prometheus with rules/.
/// </summary>
public sealed class FileAgeTests
{
    private const int MaxAgeSeconds = 600;

    private static readonly TimeSpan Scrape = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Share_of_the_configured_maximum_is_green_for_a_fresh_file_and_orange_for_a_stale_one()
    {
        using var data = new TempDirectory();
        File.Copy(RepoPaths.DataFile("checkout_1.csv"), data.File("fresh.csv"));
        File.Copy(RepoPaths.DataFile("checkout_1.csv"), data.File("stale.csv"));
        // A copy keeps the original's modification time: set both.
        File.SetLastWriteTimeUtc(data.File("fresh.csv"), DateTime.UtcNow);
        File.SetLastWriteTimeUtc(data.File("stale.csv"), DateTime.UtcNow.AddSeconds(-2 * MaxAgeSeconds));
        await using var exporter = await ExporterProcess.StartAsync(
            ["--data-dir", data.Path, "--mode", "Live", $"--Checkout:MaxAgeSeconds={MaxAgeSeconds}"]);
        await using var prometheus = await PrometheusServer.StartAsync([exporter.Target], RepoPaths.RuleFiles, Scrape, Scrape);
        await prometheus.WaitUntilAsync("count(dataset:kpi_checkout_file_age:seconds and on(dataset) kpi_checkout_max_age_seconds) == 2", TimeSpan.FromSeconds(30));

        var fresh = await ShareShownAsync(prometheus, "fresh");
        var stale = await ShareShownAsync(prometheus, "stale");

        // Generous margins: the exporter's start on a loaded machine adds to both ages (here up to 5 minutes).
        fresh.Value.ShouldBeInRange(0, 0.5);
        fresh.Shown.Color.ShouldBe("green");
        stale.Value.ShouldBeInRange(2, 2.5);
        stale.Shown.Color.ShouldBe("orange");
        (await prometheus.QueryAsync("ALERTS{alertname=\"CheckoutDatasetStale\", alertstate=\"firing\"}")).EnumerateArray()
            .Select(a => a.GetProperty("metric").GetProperty("dataset").GetString())
            .ShouldBe(["stale"], "the panel turns orange where the alert fires");
    }

    private static async Task<(double Value, StatDisplay Shown)> ShareShownAsync(PrometheusServer prometheus, string dataset)
    {
        var dashboard = Dashboard.Load("checkout-overview.json");
        var panel = dashboard.ContentPanels.Single(p => (string?)p["title"] == "File age");
        var target = dashboard.Targets.Single(t => t.PanelTitle == "File age" && t.RefId == "B");
        var expr = TemplateVariables.Substitute(target.Expr, new Dictionary<string, string>(StringComparer.Ordinal) { ["dataset"] = dataset });

        var value = PrometheusQueries.SingleValue(await prometheus.QueryAsync(expr), expr);
        return (value, StatDisplay.Of(panel, value, "B"));
    }
}
