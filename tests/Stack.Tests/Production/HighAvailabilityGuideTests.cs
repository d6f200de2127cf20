using System.Text.RegularExpressions;
using KpiMonitoring.Stack.Tests.Support;
using YamlDotNet.Serialization;

namespace KpiMonitoring.Stack.Tests.Production;

/// <summary>
/// README's "Running it in production: high availability", checked where a test can: the Prometheus lines merged
/// into the live configuration pass promtool and are the configuration the HA tests run (PrometheusReplica), and the
/// Alertmanager flags are flags of the installed Alertmanager.
/// </summary>
public sealed partial class HighAvailabilityGuideTests
{
    private static string Guide
    {
        get
        {
            var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
            var start = readme.IndexOf("### Running it in production: high availability", StringComparison.Ordinal);
            start.ShouldBeGreaterThanOrEqualTo(0, "README has no high-availability section");
            var end = readme.IndexOf("\n## ", start, StringComparison.Ordinal);
            return readme[start..end];
        }
    }

    [Fact]
    public async Task Prometheus_lines_merged_into_the_live_config_pass_promtool_and_drop_the_replica_from_alerts()
    {
        var live = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(
            await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "infrastructure", "prometheus", "prometheus.live.yml")));
        var lines = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(Block("**Prometheus, on each of two hosts:**", "yaml"));
        Merge(live, lines);
        using var dir = new TempDirectory();
        var merged = new SerializerBuilder().Build().Serialize(live);
        await File.WriteAllTextAsync(dir.File("prometheus.yml"), merged);

        var check = await Command.RunAsync("promtool", ["check", "config", dir.File("prometheus.yml")], timeout: TimeSpan.FromMinutes(1));

        check.ExitCode.ShouldBe(0, check.Output + Environment.NewLine + merged);
        var config = Yaml.Parse(merged);
        config["global"]["external_labels"][PrometheusReplica.Label].Text.ShouldBe("prom-1");
        config["global"]["external_labels"]["monitor"].Text.ShouldBe("kpi");
        var relabel = config["alerting"]["alert_relabel_configs"].Items.ShouldHaveSingleItem();
        relabel["action"].Text.ShouldBe("labeldrop");
        relabel["regex"].Text.ShouldBe(PrometheusReplica.Label);
        config["alerting"]["alertmanagers"].Items.ShouldHaveSingleItem()["static_configs"].Items.ShouldHaveSingleItem()["targets"].Strings.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Alertmanager_flags_are_flags_of_the_installed_alertmanager()
    {
        var flags = Flag().Matches(Block("**Alertmanager, on each of two hosts:**", "sh")).Select(m => m.Value).ToList();
        var binary = Command.Find("prometheus-alertmanager") ?? Command.Find("alertmanager")
            ?? throw new InvalidOperationException("Alertmanager is not installed (run `make deps`).");

        var help = await Command.RunAsync(binary, ["--help"]);

        flags.ShouldBe(["--storage.path=", "--cluster.listen-address=", "--cluster.peer="]);
        foreach (var flag in flags)
        {
            help.Output.ShouldContain(flag.TrimEnd('='));
        }
    }

    /// <summary>The first fenced block of <paramref name="language"/> after <paramref name="heading"/> in the section.</summary>
    private static string Block(string heading, string language)
    {
        var guide = Guide;
        var at = guide.IndexOf(heading, StringComparison.Ordinal);
        at.ShouldBeGreaterThanOrEqualTo(0, heading);
        var open = guide.IndexOf("```" + language + "\n", at, StringComparison.Ordinal) + language.Length + 4;
        return guide[open..guide.IndexOf("```", open, StringComparison.Ordinal)];
    }

    private static void Merge(Dictionary<object, object> into, Dictionary<object, object> from)
    {
        foreach (var (key, value) in from)
        {
            if (value is Dictionary<object, object> inner && into.TryGetValue(key, out var existing) && existing is Dictionary<object, object> target)
            {
                Merge(target, inner);
            }
            else
            {
                into[key] = value;
            }
        }
    }

    [GeneratedRegex("--[a-z.-]+=")]
    private static partial Regex Flag();
}
