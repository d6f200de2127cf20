using KpiMonitoring.Dashboards.Tests.Support;
using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Dashboards.Tests.Offline;

/// <summary>The docker-compose stack's Prometheus configuration and Grafana provisioning, as far as they can be checked without Docker.</summary>
public sealed class ProvisioningTests
{
    private static string PrometheusConfig => RepoPaths.File("infrastructure", "prometheus", "prometheus.yml");

    [Fact]
    public void Grafana_reads_the_dashboards_where_docker_compose_mounts_them_from_the_default_prometheus()
    {
        var provider = File.ReadAllText(RepoPaths.File("infrastructure", "grafana", "provisioning", "dashboards", "kpi.yml"));
        provider.ShouldContain("type: file");
        provider.ShouldContain("path: /var/lib/grafana/dashboards");

        var datasource = File.ReadAllText(RepoPaths.File("infrastructure", "grafana", "provisioning", "datasources", "prometheus.yml"));
        datasource.ShouldContain("uid: prometheus");
        datasource.ShouldContain("url: http://prometheus:9090");
        datasource.ShouldContain("isDefault: true");
    }

    [Fact]
    public void Prometheus_scrapes_the_exporter_every_5s_evaluates_every_5s_and_alerts_alertmanager()
    {
        var config = File.ReadAllText(PrometheusConfig);

        config.ShouldContain("scrape_interval: 5s");
        config.ShouldContain("evaluation_interval: 5s");
        config.ShouldContain("job_name: kpi-exporter");
        config.ShouldContain("'exporter:10123'");
        config.ShouldContain("/etc/prometheus/rules/*.yml");
        config.ShouldContain("names: [alertmanagers]");
        config.ShouldContain("port: 9093");
    }

    /// <summary>promtool checks the configuration and loads every rule file, with rules/ where docker-compose mounts it.</summary>
    [Fact]
    public async Task Prometheus_configuration_and_its_rules_pass_promtool()
    {
        var dir = Directory.CreateTempSubdirectory("kpi-prometheus-config-");
        try
        {
            var config = Path.Combine(dir.FullName, "prometheus.yml");
            var text = (await File.ReadAllTextAsync(PrometheusConfig)).Replace("/etc/prometheus/rules/", RepoPaths.Rules + "/", StringComparison.Ordinal);
            await File.WriteAllTextAsync(config, text);

            await using var promtool = ManagedProcess.Start("promtool", ["check", "config", config], name: "promtool");
            var exit = await promtool.WaitForExitAsync(TimeSpan.FromSeconds(30));

            exit.ShouldBe(0, promtool.Output);
            promtool.Output.ShouldContain($"SUCCESS: {RepoPaths.RuleFiles.Count} rule files found");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
