using KpiMonitoring.Dashboards.Tests.Support;

namespace KpiMonitoring.Dashboards.Tests.Live;

/// <summary>
/// The top of the exporter-health dashboard when the exporter is gone: its panels' queries run against a real
/// Prometheus that scraped a real exporter which then stopped, and against one that has no exporter target at all.
/// Neither may look healthy (green) or empty (Grafana's grey "No data").
/// </summary>
public sealed class ExporterGoneTests
{
    private static readonly TimeSpan Scrape = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Scraped_and_sources_panels_are_green_while_the_exporter_runs_and_red_once_it_stopped()
    {
        using var data = new TempDirectory();
        File.Copy(RepoPaths.DataFile("checkout_1.csv"), data.File("checkout_1.csv"));
        var exporter = await ExporterProcess.StartAsync(["--data-dir", data.Path, "--mode", "Replay"]);
        try
        {
            await using var prometheus = await PrometheusServer.StartAsync([exporter.Target], [], Scrape, Scrape);
            await prometheus.WaitUntilAsync("up{job=\"kpi-exporter\"} == 1 and on() count(kpi_source_up) > 0", TimeSpan.FromSeconds(30));

            (await ShownAsync(prometheus, "Exporter scraped")).ShouldBe(new StatDisplay("UP", "green"));
            (await ShownAsync(prometheus, "Sources failing")).ShouldBe(new StatDisplay("0", "green"));

            await exporter.DisposeAsync();
            await prometheus.WaitUntilAsync("up{job=\"kpi-exporter\"} == 0", TimeSpan.FromSeconds(30));

            (await ShownAsync(prometheus, "Exporter scraped")).ShouldBe(new StatDisplay("DOWN", "red"));
            (await ShownAsync(prometheus, "Sources failing")).ShouldBe(new StatDisplay("UNKNOWN: exporter not scraped", "red"));
        }
        finally
        {
            await exporter.DisposeAsync();
        }
    }

    [Fact]
    public async Task Scraped_and_sources_panels_are_red_when_prometheus_knows_no_exporter_target()
    {
        // A Prometheus whose only job is another one: nothing named kpi-exporter exists, not even a failing target.
        await using var prometheus = await PrometheusServer.StartAsync(
            [$"127.0.0.1:{FreePort.Next()}"], [], Scrape, Scrape, job: "something-else");
        await prometheus.WaitUntilAsync("up{job=\"something-else\"}", TimeSpan.FromSeconds(30));

        (await ShownAsync(prometheus, "Exporter scraped")).ShouldBe(new StatDisplay("NO TARGET", "red"));
        (await ShownAsync(prometheus, "Sources failing")).ShouldBe(new StatDisplay("UNKNOWN: exporter not scraped", "red"));
    }

    /// <summary>The one value a stat panel's query returns now, as the panel shows it.</summary>
    private static async Task<StatDisplay> ShownAsync(PrometheusServer prometheus, string title)
    {
        var dashboard = Dashboard.Load("exporter-health.json");
        var panel = dashboard.ContentPanels.Single(p => (string?)p["title"] == title);
        var target = dashboard.Targets.Single(t => t.PanelTitle == title);

        var expr = TemplateVariables.Substitute(target.Expr, TemplateVariables.BuiltIns);

        var value = PrometheusQueries.SingleValue(await prometheus.QueryAsync(expr), expr);
        return StatDisplay.Of(panel, value);
    }
}
