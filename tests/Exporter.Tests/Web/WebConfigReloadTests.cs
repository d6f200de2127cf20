using System.Net;
using KpiExporter.Tests.Support;

namespace KpiExporter.Tests.Web;

/// <summary>The web configuration file is re-read while the exporter runs: a new password, a rotated certificate, a broken file.</summary>
public sealed class WebConfigReloadTests
{
    private static readonly TimeSpan ReloadWait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_changed_password_applies_without_a_restart()
    {
        await using var exporter = await SecuredExporter.StartAsync();

        exporter.WriteConfig(SecuredExporter.User, "a brand new password");

        await Eventually.TrueAsync(
            async () => (await exporter.GetAsync("/metrics", SecuredExporter.User, "a brand new password")).StatusCode == HttpStatusCode.OK,
            ReloadWait,
            "the new password was not accepted");
        (await exporter.GetAsync("/metrics", SecuredExporter.User, SecuredExporter.Password)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        exporter.Logs.Text.ShouldContain("reloaded: TLS");
    }

    [Fact]
    public async Task A_certificate_rotated_on_disk_is_served_to_the_next_connection()
    {
        await using var exporter = await SecuredExporter.StartAsync();
        (await exporter.GetAsync("/healthz", null, null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = exporter.LastServerCertificate!.Thumbprint;

        var rotated = exporter.Ca.WriteServer(exporter.CertFile, exporter.KeyFile, "kpi-exporter rotated");

        await Eventually.TrueAsync(
            async () =>
            {
                (await exporter.GetAsync("/healthz", null, null)).EnsureSuccessStatusCode();
                return exporter.LastServerCertificate!.Thumbprint == rotated.Thumbprint;
            },
            ReloadWait,
            "the rotated certificate was not served");
        rotated.Thumbprint.ShouldNotBe(before);
    }

    [Theory]
    [InlineData("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\nbasic_auth_users:\n  prometheus: not-a-hash\n", "basic_auth_users.prometheus (line 5): not a bcrypt hash")]
    [InlineData("tls_server_config:\n  cert_file: server.crt\n  key_file: missing.key\n", "tls_server_config.key_file")]
    [InlineData("tls_server_config: [\n", "not valid YAML")]
    [InlineData("basic_auth_users: {}\n", "tls_server_config: turning TLS on or off")]
    public async Task An_invalid_file_at_runtime_keeps_the_last_good_one_with_a_log_line_and_the_metric_at_0(string content, string logged)
    {
        await using var exporter = await SecuredExporter.StartAsync();

        await File.WriteAllTextAsync(exporter.ConfigFile, content);

        await Eventually.TrueAsync(() => exporter.Logs.Text.Contains(logged, StringComparison.Ordinal), ReloadWait, $"no log line with '{logged}'");
        exporter.Logs.Text.ShouldContain("keeping the last good one");
        (await exporter.Server.ValueAsync("kpi_exporter_web_config_last_reload_successful")).ShouldBe(0);
        (await exporter.GetAsync("/metrics", SecuredExporter.User, SecuredExporter.Password)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await exporter.GetAsync("/metrics", SecuredExporter.User, "wrong")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_fixed_file_after_a_broken_one_is_applied_and_the_metric_returns_to_1()
    {
        await using var exporter = await SecuredExporter.StartAsync();
        await File.WriteAllTextAsync(exporter.ConfigFile, "tls_server_config: [\n");
        await Eventually.TrueAsync(async () => await exporter.Server.ValueAsync("kpi_exporter_web_config_last_reload_successful") == 0, ReloadWait);

        exporter.WriteConfig(SecuredExporter.User, SecuredExporter.Password);

        await Eventually.TrueAsync(async () => await exporter.Server.ValueAsync("kpi_exporter_web_config_last_reload_successful") == 1, ReloadWait);
        exporter.Logs.Text.ShouldContain("reloaded: TLS");
    }
}
