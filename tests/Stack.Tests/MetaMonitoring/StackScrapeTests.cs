using KpiMonitoring.Stack.Tests.Support;

namespace KpiMonitoring.Stack.Tests.MetaMonitoring;

/// <summary>
/// rules/stack.rules.yml reads Prometheus' and Alertmanager's own metrics: every shipped Prometheus configuration
/// scrapes itself as job prometheus and its Alertmanagers as job alertmanager (the local stack's does too:
/// <see cref="AlertmanagerNotificationsFailingTests"/> runs it).
/// </summary>
public sealed class StackScrapeTests
{
    [Theory]
    [InlineData("prometheus.yml")]
    [InlineData("prometheus.live.yml")]
    public void Shipped_prometheus_scrapes_itself_and_every_alertmanager_it_notifies(string file)
    {
        var config = Yaml.Load(Path.Combine(RepoPaths.Root, "infrastructure", "prometheus", file));
        var jobs = config["scrape_configs"].Items.ToDictionary(job => job["job_name"].Text!, Targets);
        var alertmanagers = config["alerting"]["alertmanagers"].Items.SelectMany(Targets).ToArray();

        jobs.ShouldContainKey("prometheus");
        jobs["prometheus"].Length.ShouldBe(1);
        jobs["prometheus"][0].ShouldEndWith(":9090");
        alertmanagers.ShouldNotBeEmpty();
        jobs["alertmanager"].ShouldBe(alertmanagers, ignoreOrder: true);
    }

    /// <summary>host:port of every static target, and name:port of every DNS name (the compose alias of the cluster).</summary>
    private static string[] Targets(Yaml job) =>
    [
        .. job["static_configs"].Items.SelectMany(c => c["targets"].Strings),
        .. job["dns_sd_configs"].Items.SelectMany(c => c["names"].Strings.Select(name => $"{name}:{c["port"].Text}")),
    ];
}
