using System.Net;
using System.Text.Json.Nodes;
using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Stack.Tests.Production;

/// <summary>
/// The README's production guide, run where a test can: the publish command, the systemd unit through
/// <c>systemd-analyze verify</c>, the published exporter on the shipped config.json, the live prometheus.yml
/// through promtool. The PostgreSQL role script has its own tests (<see cref="ExporterRoleTests"/>).
/// </summary>
public sealed class ProductionGuideTests
{
    private static readonly string Systemd = Path.Combine(RepoPaths.Root, "infrastructure", "systemd");

    [Fact]
    public async Task Published_exporter_runs_under_the_verified_unit_with_the_shipped_config()
    {
        using var dir = new TempDirectory();
        var opt = Path.Combine(dir.Path, "opt", "kpi-exporter");
        var publish = await Command.RunAsync("dotnet", ["publish", Path.Combine(RepoPaths.Root, "exporter", "KpiExporter.csproj"), "-c", "Release", "--no-build", "-o", opt], timeout: TimeSpan.FromMinutes(3));
        publish.ExitCode.ShouldBe(0, publish.Output);
        var apphost = Path.Combine(opt, "kpi-exporter");
        File.Exists(apphost).ShouldBeTrue();

        // The unit as shipped, with the paths of this test: systemd-analyze checks every key and that ExecStart exists.
        var unit = File.ReadAllText(Path.Combine(Systemd, "kpi-exporter.service"))
            .Replace("/opt/kpi-exporter/kpi-exporter", apphost, StringComparison.Ordinal)
            .Replace("/etc/kpi-exporter/", dir.Path + "/", StringComparison.Ordinal);
        var unitFile = dir.Write("kpi-exporter.service", unit);
        var verify = await Command.RunAsync("systemd-analyze", ["verify", unitFile], timeout: TimeSpan.FromMinutes(1));
        verify.ExitCode.ShouldBe(0, verify.Output);
        verify.Output.Trim().ShouldBeEmpty("systemd-analyze warns about the unit");

        // The shipped config.json, with a data directory and a free port of this test; the database unreachable.
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(Systemd, "config.json")))!;
        var port = FreePort.Next();
        config["Urls"] = $"http://127.0.0.1:{port}";
        config["Checkout"]!["DataDir"] = Path.Combine(RepoPaths.Root, "data");
        var configFile = dir.Write("config.json", config.ToJsonString());
        var secret = dir.Write("db-connection", $"Host=127.0.0.1;Port={FreePort.Next()};Database=kpi;Username=kpi_exporter;Password=unused;Timeout=2");
        var environment = new Dictionary<string, string>
        {
            ["Database__ConnectionStringFile"] = secret,
            ["DOTNET_ROOT"] = Path.GetDirectoryName(Environment.ProcessPath!)!,
        };

        await using var exporter = ManagedProcess.Start(apphost, ["--config", configFile], environment: environment, name: "kpi-exporter");
        await exporter.WaitForHttpAsync(new Uri($"http://127.0.0.1:{port}/readyz"), TimeSpan.FromSeconds(30));
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        metrics.ShouldContain("kpi_checkout_judged_hour{dataset=\"checkout_2\"}");
        metrics.ShouldContain("kpi_table_stale_warning_seconds{database=\"kpi\",table=\"transactions\"} 3600");
        exporter.Output.ShouldContain("business time zone America/Sao_Paulo");
        exporter.Output.ShouldContain("Source database kpi (connection from file " + secret + "): 7 checks in time zone America/Sao_Paulo");
        exporter.Output.ShouldNotContain("Password=unused");
    }

    [Fact]
    public async Task Live_prometheus_config_passes_promtool()
    {
        var check = await Command.RunAsync("promtool", ["check", "config", Path.Combine(RepoPaths.Root, "infrastructure", "prometheus", "prometheus.live.yml")], timeout: TimeSpan.FromMinutes(1));

        check.ExitCode.ShouldBe(0, check.Output);
    }
}
