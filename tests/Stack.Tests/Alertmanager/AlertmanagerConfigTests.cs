using System.Text.RegularExpressions;
using KpiMonitoring.Stack.Tests.Support;

namespace KpiMonitoring.Stack.Tests.Alertmanager;

/// <summary>
/// Properties of the shipped configuration that docs/alerting.md ("Routing and notification timing") promises,
/// and what render-config.sh may and may not change.
/// </summary>
public sealed partial class AlertmanagerConfigTests(RenderedConfigFixture rendered) : IClassFixture<RenderedConfigFixture>
{
    private static Yaml Shipped => Yaml.Load(AlertmanagerConfig.ShippedFile);

    [Fact]
    public void Routes_group_by_alertname_dataset_database_table_and_deadline()
    {
        Shipped["route"]["group_by"].Strings.ShouldBe(["alertname", "dataset", "database", "table", "deadline"]);
        Routes().Where(route => !route["matchers"].Strings.Contains("severity=\"info\""))
            .ShouldAllBe(route => !route["group_by"].Exists, "child routes inherit the root's grouping (the daily summary groups by day)");
    }

    [Fact]
    public void P1_is_sent_within_ten_seconds()
    {
        Timer(Route("severity=\"P1\""), "group_wait").ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Inhibited_severities_wait_longer_than_P1_so_a_simultaneous_P1_silences_them()
    {
        var p1 = Timer(Route("severity=\"P1\""), "group_wait");

        Timer(Route("severity=\"P2\""), "group_wait").ShouldBeGreaterThan(p1);
        Timer(Route("severity=\"P3\""), "group_wait").ShouldBeGreaterThan(p1);
    }

    [Fact]
    public void P2_still_firing_after_an_hour_is_sent_again()
    {
        Timer(Route("severity=\"P2\""), "repeat_interval").ShouldBe(TimeSpan.FromHours(1));
    }

    [Fact]
    public void P3_is_repeated_less_often_than_P2()
    {
        Timer(Route("severity=\"P3\""), "repeat_interval").ShouldBeGreaterThan(Timer(Route("severity=\"P2\""), "repeat_interval"));
    }

    [Fact]
    public void Watchdog_heartbeat_leaves_at_once_and_then_every_group_interval_of_at_most_five_minutes()
    {
        var watchdog = Route("alertname=\"Watchdog\"");

        Timer(watchdog, "group_wait").ShouldBe(TimeSpan.Zero);
        Timer(watchdog, "group_interval").ShouldBeLessThanOrEqualTo(TimeSpan.FromMinutes(5));
        // Equal values would skip every second tick: the last send is stamped just after the tick that made it.
        Timer(watchdog, "repeat_interval").ShouldBeLessThan(Timer(watchdog, "group_interval"));
    }

    [Fact]
    public void Shipped_config_reads_every_secret_from_a_file()
    {
        var keys = Shipped.AllKeys().ToList();

        string[] inline = ["slack_api_url", "api_url", "routing_key", "service_key", "smtp_auth_password", "auth_password", "auth_secret", "smtp_auth_secret"];
        keys.Where(k => inline.Contains(k.Key)).Select(k => k.Path).ShouldBeEmpty("secrets must come from *_file settings");
        Shipped["global"]["slack_api_url_file"].Text.ShouldBe("/etc/alertmanager/secrets/slack_api_url");
        Shipped["global"]["smtp_auth_password_file"].Text.ShouldBe("/etc/alertmanager/secrets/smtp_auth_password");
        Receiver(Receivers.P1)["pagerduty_configs"].Items.Single()["routing_key_file"].Text.ShouldBe("/etc/alertmanager/secrets/pagerduty_routing_key");
    }

    [Fact]
    public void Every_notification_is_sent_again_on_resolution_except_the_heartbeat_and_the_summary()
    {
        foreach (var receiver in Shipped["receivers"].Items.Where(r => r["name"].Text != Receivers.Summary))
        {
            foreach (var kind in new[] { "pagerduty_configs", "slack_configs", "email_configs" })
            {
                foreach (var integration in receiver[kind].Items)
                {
                    integration["send_resolved"].Text.ShouldBe("true", $"{receiver["name"]} {kind}");
                }
            }
        }

        // A resolved Watchdog means Prometheus stopped sending it; posting that would count as a heartbeat.
        Receiver(Receivers.Heartbeat)["webhook_configs"].Items.Single()["send_resolved"].Text.ShouldBe("false");
    }

    [Fact]
    public void The_summary_goes_to_slack_and_email_once_per_day_group()
    {
        // The end of its window is no news, and it never pages.
        var summary = Receiver(Receivers.Summary);
        summary["pagerduty_configs"].Exists.ShouldBeFalse();
        summary["slack_configs"].Items.Single()["send_resolved"].Text.ShouldBe("false");
        summary["email_configs"].Items.Single()["send_resolved"].Text.ShouldBe("false");

        // One group per day; not flushed again while the alert can be active (Checkout:Summary:ActiveMinutes <= 12h),
        // so a gap in the alert cannot be recorded as resolved and sent again.
        var route = Route("severity=\"info\"");
        route["receiver"].Text.ShouldBe(Receivers.Summary);
        route["group_by"].Strings.ShouldBe(["alertname", "day"]);
        Timer(route, "group_interval").ShouldBeGreaterThan(TimeSpan.FromHours(12));
        Timer(route, "repeat_interval").ShouldBeGreaterThanOrEqualTo(Timer(route, "group_interval"));
    }

    [Fact]
    public void Rendering_for_tests_points_every_endpoint_at_loopback()
    {
        var config = Yaml.Load(rendered.ConfigFile);
        var text = File.ReadAllText(rendered.ConfigFile);

        new Uri(config["global"]["pagerduty_url"].Text!).Host.ShouldBe("127.0.0.1");
        config["global"]["smtp_smarthost"].Text.ShouldStartWith("127.0.0.1:");
        config["global"]["smtp_require_tls"].Text.ShouldBe("false");
        new Uri(Receiver(config, Receivers.Heartbeat)["webhook_configs"].Items.Single()["url"].Text!).Host.ShouldBe("127.0.0.1");
        config["global"]["slack_api_url_file"].Text.ShouldStartWith(rendered.SecretsDir);
        config["global"]["smtp_auth_password_file"].Text.ShouldStartWith(rendered.SecretsDir);
        text.ShouldNotContain("example.com");
        text.ShouldNotContain("pagerduty.com");
    }

    [Fact]
    public void Rendering_changes_only_the_marked_lines_and_the_route_timers()
    {
        var shipped = File.ReadAllLines(AlertmanagerConfig.ShippedFile);
        var test = File.ReadAllLines(rendered.ConfigFile);

        test.Length.ShouldBe(shipped.Length);
        for (var i = 0; i < shipped.Length; i++)
        {
            if (shipped[i] != test[i])
            {
                (shipped[i].Contains("# render: ", StringComparison.Ordinal) || TimerLine().IsMatch(shipped[i]))
                    .ShouldBeTrue($"line {i + 1} changed but is neither marked nor a timer: '{shipped[i]}' -> '{test[i]}'");
            }
        }
    }

    [Fact]
    public void Rendered_timers_are_the_shipped_ones_divided_by_the_divisor()
    {
        var shipped = File.ReadAllLines(AlertmanagerConfig.ShippedFile);
        var test = File.ReadAllLines(rendered.ConfigFile);

        for (var i = 0; i < shipped.Length; i++)
        {
            var match = TimerLine().Match(shipped[i]);
            if (match.Success)
            {
                var expected = ParseDuration(match.Groups[2].Value) / AlertmanagerConfig.TimerDivisor;
                var actual = ParseDuration(TimerLine().Match(test[i]).Groups[2].Value);
                actual.ShouldBe(TimeSpan.FromMilliseconds(Math.Floor(expected.TotalMilliseconds)), $"line {i + 1}: {shipped[i].Trim()}");
            }
        }
    }

    [Fact]
    public async Task Rendering_refuses_a_config_that_lost_a_marked_line()
    {
        using var copy = new TempDirectory();
        File.Copy(AlertmanagerConfig.RenderScript, copy.File("render-config.sh"));
        Directory.CreateDirectory(copy.File("templates"));
        File.WriteAllText(
            copy.File("alertmanager.yml"),
            File.ReadAllText(AlertmanagerConfig.ShippedFile).Replace("  # render: EMAIL_TO", string.Empty, StringComparison.Ordinal));

        var result = await AlertmanagerConfig.RunRendererAsync(copy.File("out"), new Dictionary<string, string>(), copy.File("render-config.sh"));

        result.ExitCode.ShouldNotBe(0);
        result.Stderr.ShouldContain("EMAIL_TO");
    }

    [Theory]
    [InlineData("DOCS_URL", "kpi.docs_url")]
    [InlineData("GRAFANA_URL", "kpi.grafana_url")]
    public async Task Rendering_refuses_templates_that_lost_a_base_url_define(string variable, string define)
    {
        using var copy = new TempDirectory();
        File.Copy(AlertmanagerConfig.RenderScript, copy.File("render-config.sh"));
        File.Copy(AlertmanagerConfig.ShippedFile, copy.File("alertmanager.yml"));
        Directory.CreateDirectory(copy.File("templates"));
        foreach (var template in Directory.GetFiles(Path.Combine(RepoPaths.Alertmanager, "templates"), "*.tmpl"))
        {
            var text = File.ReadAllText(template).Replace($"{{{{ define \"{define}\" }}}}", "{{ define \"renamed\" }}", StringComparison.Ordinal);
            File.WriteAllText(copy.File(Path.Combine("templates", Path.GetFileName(template))), text);
        }

        var result = await AlertmanagerConfig.RunRendererAsync(copy.File("out"), new Dictionary<string, string> { [variable] = "https://kpi.test" }, copy.File("render-config.sh"));

        result.ExitCode.ShouldNotBe(0);
        result.Stderr.ShouldContain(variable);
    }

    [Fact]
    public async Task Rendering_puts_the_docs_and_grafana_base_urls_into_the_templates()
    {
        using var output = new TempDirectory();

        await AlertmanagerConfig.RenderAsync(output.Path, new Dictionary<string, string> { ["DOCS_URL"] = "https://docs.kpi.test/kpi/", ["GRAFANA_URL"] = "https://grafana.kpi.test" });

        var common = File.ReadAllLines(Path.Combine(output.Path, "templates", "common.tmpl"));
        common.ShouldContain("{{ define \"kpi.docs_url\" }}https://docs.kpi.test/kpi{{ end }}");
        common.ShouldContain("{{ define \"kpi.grafana_url\" }}https://grafana.kpi.test{{ end }}");
    }

    private static List<Yaml> Routes() => [.. Shipped["route"]["routes"].Items];

    private static Yaml Route(string matcher) =>
        Routes().Single(route => route["matchers"].Strings.Contains(matcher));

    private static Yaml Receiver(string name) => Receiver(Shipped, name);

    private static Yaml Receiver(Yaml config, string name) =>
        config["receivers"].Items.Single(receiver => receiver["name"].Text == name);

    private static TimeSpan Timer(Yaml route, string name) =>
        ParseDuration(route[name].Text ?? throw new ShouldAssertException($"route has no {name}"));

    private static TimeSpan ParseDuration(string text) =>
        PrometheusDuration.Parse(text) ?? throw new ShouldAssertException($"'{text}' is not a duration");

    [GeneratedRegex(@"^\s*(group_wait|group_interval|repeat_interval):\s*(\S+)")]
    private static partial Regex TimerLine();
}
