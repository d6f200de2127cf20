using System.Globalization;
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
            await WaitForAsync(prometheus, "up{job=\"kpi-exporter\"} == 1 and on() count(kpi_source_up) > 0");

            (await ShownAsync(prometheus, "Exporter scraped")).ShouldBe(new StatDisplay("UP", "green"));
            (await ShownAsync(prometheus, "Sources failing")).ShouldBe(new StatDisplay("0", "green"));

            await exporter.DisposeAsync();
            await WaitForAsync(prometheus, "up{job=\"kpi-exporter\"} == 0");

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
        await WaitForAsync(prometheus, "up{job=\"something-else\"}");

        (await ShownAsync(prometheus, "Exporter scraped")).ShouldBe(new StatDisplay("NO TARGET", "red"));
        (await ShownAsync(prometheus, "Sources failing")).ShouldBe(new StatDisplay("UNKNOWN: exporter not scraped", "red"));
    }

    /// <summary>The one value a stat panel's query returns now, as the panel shows it.</summary>
    private static async Task<StatDisplay> ShownAsync(PrometheusServer prometheus, string title)
    {
        var dashboard = Dashboard.Load("exporter-health.json");
        var panel = dashboard.ContentPanels.Single(p => (string?)p["title"] == title);
        var target = dashboard.Targets.Single(t => t.PanelTitle == title);

        var result = await prometheus.QueryAsync(TemplateVariables.Substitute(target.Expr, TemplateVariables.BuiltIns));

        result.GetArrayLength().ShouldBe(1, $"{target}: {result}");
        var value = double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
        return StatDisplay.Of(panel, value);
    }

    private static async Task WaitForAsync(PrometheusServer prometheus, string condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await prometheus.QueryAsync(condition)).GetArrayLength() == 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"never true within 30 s: {condition}");
            await Task.Delay(200);
        }
    }
}
