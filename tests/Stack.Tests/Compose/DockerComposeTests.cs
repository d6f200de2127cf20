using System.Text.Json.Nodes;
using KpiMonitoring.Stack.Tests.Support;

namespace KpiMonitoring.Stack.Tests.Compose;

/// <summary>
/// docker-compose.yml cannot run here (no Docker engine), so it is validated: Debian's docker-compose parses it,
/// and every file, build and service it names exists and fits the stack.
/// </summary>
public sealed class DockerComposeTests
{
    private static readonly string ComposeFile = Path.Combine(RepoPaths.Root, "docker-compose.yml");

    private static Yaml Services => Yaml.Load(ComposeFile)["services"];

    private static string DockerCompose =>
        Command.Find("docker-compose") ?? throw new InvalidOperationException("docker-compose is not installed (run `make deps`)");

    [Fact]
    public async Task Docker_compose_config_accepts_the_file()
    {
        var result = await Command.RunAsync(DockerCompose, ["--project-directory", RepoPaths.Root, "-f", ComposeFile, "config", "-q"]);

        result.ExitCode.ShouldBe(0, result.Output);
        result.Output.Trim().ShouldBeEmpty();
    }

    [Fact]
    public void Stack_has_every_service_of_the_demo()
    {
        // Services in a profile (e.g. longterm, LongTermProfileTests) run only when asked for.
        Services.Keys.Where(name => !Services[name]["profiles"].Exists).ShouldBe(
            ["postgres", "feeder", "exporter", "prometheus", "alertmanager-config", "alertmanager", "grafana-dashboards", "grafana", "mailpit", "webhook-sink"],
            ignoreOrder: true);
    }

    /// <summary>
    /// `--profile ha` adds the second of each (docs/architecture.md, "High availability"): a Prometheus with the same
    /// command, configuration and rules, told apart by its replica label only, and an Alertmanager that gossips with
    /// the first under the one alias that Prometheus sends to.
    /// </summary>
    [Fact]
    public async Task Ha_profile_adds_a_second_prometheus_replica_and_a_second_alertmanager_in_the_cluster()
    {
        var resolved = await Command.RunAsync(DockerCompose, ["--project-directory", RepoPaths.Root, "-f", ComposeFile, "--profile", "ha", "config"]);
        resolved.ExitCode.ShouldBe(0, resolved.Output);
        var services = Yaml.Parse(resolved.Stdout)["services"];

        var profiled = services.Keys.Where(name => services[name]["profiles"].Strings.Contains("ha")).ToList();
        profiled.ShouldBe(["prometheus-b", "alertmanager-b"], ignoreOrder: true);
        foreach (var name in services.Keys.Except(profiled))
        {
            services[name]["depends_on"].Keys.ShouldNotContain(dependency => profiled.Contains(dependency), $"{name} would not start without the ha profile");
        }

        services["prometheus-b"]["command"].Strings.ShouldBe(services["prometheus"]["command"].Strings);
        services["prometheus-b"]["volumes"].Items.Count.ShouldBe(services["prometheus"]["volumes"].Items.Count);
        services["prometheus"]["command"].Strings.ShouldContain("--enable-feature=expand-external-labels");
        services["prometheus"]["environment"]["PROMETHEUS_REPLICA"].Text.ShouldBe("a");
        services["prometheus-b"]["environment"]["PROMETHEUS_REPLICA"].Text.ShouldBe("b");
        foreach (var alertmanager in new[] { "alertmanager", "alertmanager-b" })
        {
            services[alertmanager]["command"].Strings.ShouldContain("--cluster.peer=alertmanagers:9094");
            services[alertmanager]["command"].Strings.ShouldContain("--cluster.listen-address=0.0.0.0:9094");
            services[alertmanager]["networks"]["default"]["aliases"].Strings.ShouldContain("alertmanagers");
        }
    }

    /// <summary>
    /// The compose Prometheus configuration is the HA one for both replicas: the replica external label, dropped from
    /// alerts (as support/LocalServers' PrometheusReplica, which the HA test runs), and every Alertmanager of the alias.
    /// </summary>
    [Fact]
    public void Compose_prometheus_labels_its_replica_drops_it_from_alerts_and_sends_to_every_alertmanager()
    {
        var config = Yaml.Load(Path.Combine(RepoPaths.Root, "infrastructure", "prometheus", "prometheus.yml"));

        config["global"]["external_labels"][PrometheusReplica.Label].Text.ShouldBe("${PROMETHEUS_REPLICA}");
        var relabel = config["alerting"]["alert_relabel_configs"].Items.ShouldHaveSingleItem();
        relabel["action"].Text.ShouldBe("labeldrop");
        relabel["regex"].Text.ShouldBe(PrometheusReplica.Label);
        var discovery = config["alerting"]["alertmanagers"].Items.ShouldHaveSingleItem()["dns_sd_configs"].Items.ShouldHaveSingleItem();
        discovery["names"].Strings.ShouldBe(["alertmanagers"]);
        discovery["type"].Text.ShouldBe("A");
        discovery["port"].Text.ShouldBe("9093");
    }

    [Fact]
    public void Every_build_names_an_existing_dockerfile_under_the_repository_context()
    {
        var builds = Services.Keys.Select(name => Services[name]["build"]).Where(b => b.Exists).ToList();

        builds.Count.ShouldBe(2);
        foreach (var build in builds)
        {
            build["context"].Text.ShouldBe(".");
            File.Exists(Path.Combine(RepoPaths.Root, build["dockerfile"].Text!)).ShouldBeTrue(build["dockerfile"].Text);
        }
    }

    [Fact]
    public void Every_published_port_binds_to_loopback_only()
    {
        var ports = Services.Keys.SelectMany(name => Services[name]["ports"].Strings.Select(port => (name, port))).ToList();

        ports.ShouldNotBeEmpty();
        foreach (var (name, port) in ports)
        {
            port.ShouldStartWith("127.0.0.1:", Case.Sensitive, $"{name} publishes {port} on every interface of the host");
        }
    }

    [Fact]
    public void Every_bind_mount_points_at_a_file_or_folder_of_the_repository()
    {
        foreach (var name in Services.Keys)
        {
            foreach (var volume in Services[name]["volumes"].Strings.Where(v => v.StartsWith("./", StringComparison.Ordinal)))
            {
                var source = volume.Split(':')[0];
                Path.Exists(Path.Combine(RepoPaths.Root, source)).ShouldBeTrue($"{name}: {volume}");
            }
        }
    }

    /// <summary>
    /// The image's configuration as `make image` reads it from the Dockerfile's final stage (scripts/image): a
    /// numeric non-root user, the exporter as entry point on the port the compose file publishes, listening on every
    /// interface of its network; the file system only what scripts/image/rootfs.sh assembled.
    /// </summary>
    [Fact]
    public async Task Exporter_image_runs_the_binary_as_a_non_root_user_on_nothing_but_its_files()
    {
        var dockerfile = Path.Combine(RepoPaths.Root, "exporter", "Dockerfile");

        var config = await ImageConfigAsync(dockerfile);

        config.ExitCode.ShouldBe(0, config.Output);
        config.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(
            [
                "--config.env=Checkout__DataDir=/data",
                "--config.env=Urls=http://0.0.0.0:10123",
                "--config.workingdir=/app",
                "--config.exposedports=10123/tcp",
                "--config.user=1654:1654",
                "--config.label=org.opencontainers.image.title=kpi-exporter",
                "--config.label=org.opencontainers.image.description=Business KPI exporter for Prometheus: checkout CSVs and PostgreSQL checks",
                "--config.entrypoint=/app/kpi-exporter",
            ]);
        var text = await File.ReadAllTextAsync(dockerfile);
        text.ShouldContain("RUN bash scripts/image/rootfs.sh /app /rootfs");
        text.ShouldContain("FROM scratch\nCOPY --from=build /rootfs /\n");
        text.ShouldContain("HEALTHCHECK");
        Services["exporter"]["ports"].Strings.ShouldContain("127.0.0.1:10123:10123");
    }

    /// <summary>A final stage that runs a command could not be built by `make image`: refused with its line.</summary>
    [Fact]
    public async Task Image_configuration_refuses_a_final_stage_that_runs_a_command()
    {
        using var dir = new TempDirectory();
        var dockerfile = dir.File("Dockerfile");
        await File.WriteAllTextAsync(dockerfile, "FROM debian AS build\nRUN true\nFROM scratch\nUSER 1654\nRUN chmod 0755 /app\n");

        var config = await ImageConfigAsync(dockerfile);

        config.ExitCode.ShouldNotBe(0);
        config.Output.ShouldContain($"{dockerfile}:5: RUN in the final stage cannot be reproduced without Docker");
    }

    private static Task<CommandResult> ImageConfigAsync(string dockerfile) =>
        Command.RunAsync("python3", [Path.Combine(RepoPaths.Root, "scripts", "image", "dockerfile-config.py"), dockerfile]);

    [Fact]
    public void Exporter_replays_the_outage_day_and_reads_its_connection_string_from_a_secret()
    {
        var exporter = Services["exporter"];

        exporter["command"].Strings.ShouldBe(["--mode", "Replay", "--seconds-per-hour", "10", "--start-hour", "12"]);
        exporter["environment"]["Database__ConnectionStringFile"].Text.ShouldBe("/run/secrets/exporter_connection");
        exporter["volumes"].Strings.ShouldContain("./data:/data:ro");
    }

    [Fact]
    public void Prometheus_loads_the_projects_rules_and_config()
    {
        var volumes = Services["prometheus"]["volumes"].Strings;

        volumes.ShouldContain("./infrastructure/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
        volumes.ShouldContain("./rules:/etc/prometheus/rules:ro");
    }

    [Fact]
    public void Secrets_come_from_git_ignored_files_only()
    {
        var secrets = Yaml.Load(ComposeFile)["secrets"];
        var gitignore = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".gitignore"));

        secrets.Keys.ShouldNotBeEmpty();
        foreach (var name in secrets.Keys)
        {
            secrets[name]["file"].Text!.ShouldStartWith("./.secrets/");
        }

        gitignore.ShouldContain("/.secrets/");
        File.ReadAllText(ComposeFile).ShouldNotContain("PASSWORD:", Case.Sensitive);
    }

    [Fact]
    public void Grafana_provisions_the_dashboards_rendered_by_render_dashboards_sh_not_the_raw_files()
    {
        var render = Services["grafana-dashboards"];
        var grafana = Services["grafana"];

        render["command"].Strings.ShouldBe(["bash", "/src/infrastructure/grafana/render-dashboards.sh", "/dashboards"]);
        render["volumes"].Strings.ShouldContain("./dashboards:/src/dashboards:ro");
        render["volumes"].Strings.ShouldContain("./infrastructure/grafana/render-dashboards.sh:/src/infrastructure/grafana/render-dashboards.sh:ro");
        render["volumes"].Strings.ShouldContain("grafana-dashboards:/dashboards");
        grafana["volumes"].Strings.ShouldContain("grafana-dashboards:/var/lib/grafana/dashboards:ro");
        grafana["volumes"].Strings.ShouldNotContain(v => v.StartsWith("./dashboards:", StringComparison.Ordinal));
        grafana["depends_on"]["grafana-dashboards"]["condition"].Text.ShouldBe("service_completed_successfully");
    }

    /// <summary>
    /// One DOCS_URL and one TIME_ZONE for the whole compose stack: `docker-compose config` resolves them into the
    /// notifications' renderer, the dashboards' renderer and the exporter, and the dashboards' renderer, run with the
    /// environment compose gives it, writes dashboards that link there, show that zone and open on the replay's range.
    /// </summary>
    [Fact]
    public async Task Docs_url_and_time_zone_from_the_environment_reach_notifications_dashboards_and_the_exporter()
    {
        const string docsUrl = "https://git.kpi.test/ops/kpi-monitoring/-/blob/main";
        var resolved = await Command.RunAsync(
            DockerCompose,
            ["--project-directory", RepoPaths.Root, "-f", ComposeFile, "config"],
            new Dictionary<string, string> { ["DOCS_URL"] = docsUrl, ["TIME_ZONE"] = "America/Sao_Paulo", ["REVENUE_UNIT"] = "currencyBRL" });
        resolved.ExitCode.ShouldBe(0, resolved.Output);
        var services = Yaml.Parse(resolved.Stdout)["services"];

        services["alertmanager-config"]["environment"]["DOCS_URL"].Text.ShouldBe(docsUrl);
        services["exporter"]["environment"]["Checkout__TimeZone"].Text.ShouldBe("America/Sao_Paulo");
        var environment = services["grafana-dashboards"]["environment"];
        using var output = new TempDirectory();
        var rendered = await Command.RunAsync(
            "bash",
            [Path.Combine(RepoPaths.Root, "infrastructure", "grafana", "render-dashboards.sh"), output.Path],
            environment.Keys.ToDictionary(key => key, key => environment[key].Text ?? ""));

        rendered.ExitCode.ShouldBe(0, rendered.Output);
        var dashboard = JsonNode.Parse(File.ReadAllText(output.File("checkout-overview.json")))!;
        ((string?)dashboard["timezone"]).ShouldBe("America/Sao_Paulo");
        ((string?)dashboard["time"]?["from"]).ShouldBe("now-15m");
        ((string?)dashboard["refresh"]).ShouldBe("5s");
        dashboard["templating"]!["list"]!.AsArray().Single(v => (string?)v?["name"] == "docs_url")!["query"]!.GetValue<string>().ShouldBe(docsUrl);
    }

    [Fact]
    public async Task Without_the_variables_the_shipped_docs_url_utc_and_currency_stay()
    {
        var resolved = await Command.RunAsync(
            DockerCompose,
            ["--project-directory", RepoPaths.Root, "-f", ComposeFile, "config"],
            new Dictionary<string, string> { ["DOCS_URL"] = "", ["TIME_ZONE"] = "", ["REVENUE_UNIT"] = "" });
        resolved.ExitCode.ShouldBe(0, resolved.Output);
        var services = Yaml.Parse(resolved.Stdout)["services"];

        services["alertmanager-config"]["environment"]["DOCS_URL"].Text.ShouldBeNullOrEmpty();
        services["grafana-dashboards"]["environment"]["DOCS_URL"].Text.ShouldBeNullOrEmpty();
        services["grafana-dashboards"]["environment"]["REVENUE_UNIT"].Text.ShouldBeNullOrEmpty();
        services["grafana-dashboards"]["environment"]["TIME_ZONE"].Text.ShouldBe("utc");
        services["exporter"]["environment"]["Checkout__TimeZone"].Text.ShouldBe("UTC");
    }
}
