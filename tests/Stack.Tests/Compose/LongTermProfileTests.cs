using KpiMonitoring.Stack.Tests.Support;

namespace KpiMonitoring.Stack.Tests.Compose;

/// <summary>
/// The long-term store of the compose stack (docs/long-term-storage.md): VictoriaMetrics only with
/// <c>--profile longterm</c>, on loopback, and the remote_write block of the shipped Prometheus configurations,
/// uncommented as a user would, accepted by promtool and pointing at that store.
/// </summary>
public sealed class LongTermProfileTests
{
    private static readonly string ComposeFile = Path.Combine(RepoPaths.Root, "docker-compose.yml");

    private static readonly string PrometheusDirectory = Path.Combine(RepoPaths.Root, "infrastructure", "prometheus");

    private static Yaml VictoriaMetrics => Yaml.Load(ComposeFile)["services"]["victoria-metrics"];

    private static string DockerCompose =>
        Command.Find("docker-compose") ?? throw new InvalidOperationException("docker-compose is not installed (run `make deps`)");

    /// <summary>docker-compose 1.29 lists every service whatever the profile, so the profile is read from the file.</summary>
    [Fact]
    public async Task Victoria_metrics_is_in_the_longterm_profile_and_the_file_validates_with_it()
    {
        VictoriaMetrics["profiles"].Strings.ShouldBe(["longterm"]);

        var result = await Command.RunAsync(DockerCompose, ["--project-directory", RepoPaths.Root, "-f", ComposeFile, "--profile", "longterm", "config", "-q"]);

        result.ExitCode.ShouldBe(0, result.Output);
        result.Output.Trim().ShouldBeEmpty();
    }

    [Fact]
    public void Victoria_metrics_keeps_a_year_and_publishes_on_loopback_only()
    {
        VictoriaMetrics["command"].Strings.ShouldContain("-retentionPeriod=1y");
        VictoriaMetrics["command"].Strings.ShouldContain("-httpListenAddr=:8428");
        VictoriaMetrics["ports"].Strings.ShouldBe(["127.0.0.1:8428:8428"]);
        VictoriaMetrics["volumes"].Strings.ShouldContain("victoria-metrics-data:/storage");
    }

    [Theory]
    [InlineData("prometheus.yml", "http://victoria-metrics:8428/api/v1/write")]
    [InlineData("prometheus.live.yml", "http://127.0.0.1:8428/api/v1/write")]
    public async Task Uncommented_remote_write_passes_promtool_and_writes_to_the_store(string file, string url)
    {
        using var dir = new TempDirectory();
        var enabled = dir.Write(file, CommentedBlock.Enabled(Path.Combine(PrometheusDirectory, file), "remote-write"));

        var check = await Command.RunAsync("promtool", ["check", "config", enabled], timeout: TimeSpan.FromMinutes(1));

        check.ExitCode.ShouldBe(0, check.Output);
        Yaml.Load(enabled)["remote_write"].Items.Select(r => r["url"].Text).ShouldBe([url]);
        Yaml.Load(Path.Combine(PrometheusDirectory, file))["remote_write"].Exists.ShouldBeFalse("shipped commented: the default stack has no store");
    }
}
