using System.Net;
using KpiExporter.Tests.Support;

namespace KpiExporter.Tests.Web;

/// <summary>The exporter behind TLS and basic auth: who gets in, who gets 401, and that the 401 says nothing more.</summary>
public sealed class SecuredEndpointTests
{
    [Theory]
    [InlineData("/metrics")]
    [InlineData("/")]
    [InlineData("/readyz")]
    public async Task Every_endpoint_but_healthz_needs_the_right_user_and_password(string path)
    {
        await using var exporter = await SecuredExporter.StartAsync();

        (await exporter.GetAsync(path, SecuredExporter.User, SecuredExporter.Password)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await exporter.GetAsync(path, null, null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Healthz_answers_without_credentials()
    {
        await using var exporter = await SecuredExporter.StartAsync();

        (await exporter.GetAsync("/healthz", null, null)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Wrong_password_unknown_user_and_missing_credentials_get_the_same_401_with_a_basic_challenge()
    {
        await using var exporter = await SecuredExporter.StartAsync();

        using var wrongPassword = await exporter.GetAsync("/metrics", SecuredExporter.User, "wrong");
        using var unknownUser = await exporter.GetAsync("/metrics", "nobody", SecuredExporter.Password);
        using var missing = await exporter.GetAsync("/metrics", null, null);

        foreach (var response in new[] { wrongPassword, unknownUser, missing })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Basic realm=\"kpi-exporter\"");
            (await response.Content.ReadAsStringAsync()).ShouldBe("Unauthorized\n");
        }
    }

    [Fact]
    public async Task Metrics_behind_auth_carry_the_web_config_health_and_pass_promtool_check_metrics()
    {
        await using var exporter = await SecuredExporter.StartAsync();

        var text = await exporter.Server.ScrapeAsync();

        text.ShouldContain("kpi_exporter_build_info");
        MetricText.Value(text, "kpi_exporter_web_config_last_reload_successful").ShouldBe(1);
        MetricText.Value(text, "kpi_exporter_web_config_last_reload_success_timestamp_seconds")!.Value.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds());
        var promtool = await Command.RunAsync("promtool", ["check", "metrics"], standardInput: text);
        promtool.Output.ShouldBeEmpty();
        promtool.ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Plain_http_against_the_tls_port_fails_cleanly_and_the_exporter_keeps_serving()
    {
        await using var exporter = await SecuredExporter.StartAsync();
        var plain = new UriBuilder(exporter.Server.BaseAddress) { Scheme = "http" }.Uri;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var failure = await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync(new Uri(plain, "/metrics")));

        failure.ShouldNotBeNull();
        (await exporter.GetAsync("/metrics", SecuredExporter.User, SecuredExporter.Password)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_landing_page_shows_neither_the_web_config_file_nor_its_hashes_or_key()
    {
        await using var exporter = await SecuredExporter.StartAsync();
        var hash = File.ReadAllLines(exporter.ConfigFile).Single(l => l.Contains(SecuredExporter.User + ":", StringComparison.Ordinal)).Split(": ")[1];

        var html = await exporter.Server.Client.GetStringAsync(new Uri("/", UriKind.Relative));

        html.ShouldNotContain(hash);
        html.ShouldNotContain("web.yml");
        html.ShouldNotContain("server.key");
        html.ShouldNotContain("PRIVATE KEY");
        exporter.Logs.Text.ShouldNotContain(hash);
        exporter.Logs.Text.ShouldNotContain(SecuredExporter.Password);
    }

    [Fact]
    public async Task Client_certificates_are_required_and_verified_against_the_client_ca_when_asked()
    {
        await using var exporter = await SecuredExporter.StartAsync("  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt", clientCertificate: true);
        using var strangers = new TestCertificates("another CA");
        using var untrusted = strangers.Client();

        using var withTrusted = exporter.NewClient(SecuredExporter.User, SecuredExporter.Password, exporter.ClientCertificate);
        using var withUntrusted = exporter.NewClient(SecuredExporter.User, SecuredExporter.Password, untrusted);
        using var without = exporter.NewClient(SecuredExporter.User, SecuredExporter.Password);

        (await withTrusted.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Should.ThrowAsync<HttpRequestException>(() => withUntrusted.GetAsync(new Uri("/metrics", UriKind.Relative)));
        await Should.ThrowAsync<HttpRequestException>(() => without.GetAsync(new Uri("/metrics", UriKind.Relative)));
    }
}
