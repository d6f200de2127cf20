using KpiMonitoring.Stack.Tests.Support;

namespace KpiMonitoring.Stack.Tests.Alertmanager;

/// <summary>
/// The routing tree, checked offline with amtool on the config as shipped and as rendered for the tests (the
/// renderer must not change where anything goes).
/// </summary>
public sealed class AlertmanagerRoutingTests(RenderedConfigFixture rendered) : IClassFixture<RenderedConfigFixture>
{
    public static TheoryData<string> Configs => ["shipped", "rendered"];

    [Theory]
    [MemberData(nameof(Configs))]
    public async Task Config_passes_amtool_check_config(string config)
    {
        var result = await Amtool.CheckConfigAsync(File(config));

        result.ExitCode.ShouldBe(0, result.Output);
        result.Output.ShouldContain("SUCCESS");
    }

    [Theory]
    [InlineData(Receivers.P1, "alertname=CheckoutZeroTransactions", "severity=P1", "dataset=checkout_2")]
    [InlineData(Receivers.P1, "alertname=TableStaleCritical", "severity=P1", "table=orders")]
    [InlineData(Receivers.P1, "alertname=RevenueStopped", "severity=P1", "table=orders")]
    [InlineData(Receivers.P1, "alertname=ExporterDown", "severity=P1", "job=kpi-exporter")]
    [InlineData(Receivers.P2, "alertname=CheckoutSharpDrop", "severity=P2", "dataset=checkout_2")]
    [InlineData(Receivers.P2, "alertname=RevenueDrop", "severity=P2", "table=orders")]
    [InlineData(Receivers.P2, "alertname=SourceFailing", "severity=P2", "kind=checkout_csv", "source=checkout_2", "dataset=checkout_2")]
    [InlineData(Receivers.P3, "alertname=CheckoutDrop", "severity=P3", "dataset=checkout_2")]
    [InlineData(Receivers.P3, "alertname=TableStaleWarning", "severity=P3", "table=orders")]
    [InlineData(Receivers.Summary, "alertname=DailySummary", "severity=info", "day=2026-12-01")]
    [InlineData(Receivers.Heartbeat, "alertname=Watchdog", "severity=none")]
    [InlineData(Receivers.Heartbeat, "alertname=Watchdog", "severity=P1")]
    [InlineData(Receivers.P3, "alertname=RuleWithoutSeverity")]
    [InlineData(Receivers.P3, "alertname=RuleWithUnknownSeverity", "severity=critical")]
    public async Task Alert_reaches_exactly_the_receivers_its_severity_names(string receivers, params string[] labels)
    {
        foreach (var config in Configs)
        {
            var result = await Amtool.RoutesTestAsync(File(config), labels, receivers);

            result.ExitCode.ShouldBe(0, $"{config} config routes {{{string.Join(", ", labels)}}} to '{result.Stdout.Trim()}', not '{receivers}':{Environment.NewLine}{result.Output}");
        }
    }

    [Fact]
    public async Task Every_alert_in_the_rules_reaches_the_receiver_of_its_severity()
    {
        var alerts = Directory.GetFiles(RepoPaths.Rules, "*.yml")
            .SelectMany(file => Yaml.Load(file)["groups"].Items)
            .SelectMany(group => group["rules"].Items)
            .Where(rule => rule["alert"].Exists)
            .Select(rule => (Name: rule["alert"].Text!, Severity: rule["labels"]["severity"].Text ?? "(none)"))
            .ToList();
        alerts.Count.ShouldBeGreaterThan(10, "rules/*.yml should hold the project's alerts");

        var wrong = new List<string>();
        foreach (var (name, severity) in alerts)
        {
            var expected = name == "Watchdog" ? Receivers.Heartbeat : Receivers.ForSeverity(severity);
            if (expected is null)
            {
                wrong.Add($"{name}: severity '{severity}' has no route");
                continue;
            }

            var result = await Amtool.RoutesTestAsync(File("shipped"), [$"alertname={name}", $"severity={severity}"], expected);
            if (result.ExitCode != 0)
            {
                wrong.Add($"{name} ({severity}): reaches '{result.Stdout.Trim()}', expected '{expected}'");
            }
        }

        wrong.ShouldBeEmpty();
    }

    private string File(string config) => config == "shipped" ? AlertmanagerConfig.ShippedFile : rendered.ConfigFile;
}
