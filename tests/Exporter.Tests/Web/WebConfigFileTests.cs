using System.Security.Authentication;
using KpiExporter.Web;

namespace KpiExporter.Tests.Web;

/// <summary>The exporter-toolkit file format as this exporter reads it: what it accepts, and errors that name the key and line.</summary>
public sealed class WebConfigFileTests
{
    private const string Hash = "$2y$10$X0h1Uj0Yk6ZqgqfJ0s0bUu1lU9cO8Q2Yp0lX0gZbq3lHq0nGxQ4mK";

    [Fact]
    public void Reads_tls_and_users_with_paths_relative_to_the_files_directory()
    {
        var document = WebConfigFile.Parse($"""
            tls_server_config:
              cert_file: certs/server.crt
              key_file: /etc/keys/server.key
              min_version: TLS13
              client_ca_file: ca.pem
            basic_auth_users:
              prometheus: {Hash}
              "grafana agent": '{Hash}'
            """, "/etc/kpi-exporter");

        document.Tls.ShouldNotBeNull();
        document.Tls.CertFile.ShouldBe("/etc/kpi-exporter/certs/server.crt");
        document.Tls.KeyFile.ShouldBe("/etc/keys/server.key");
        document.Tls.Protocols.ShouldBe(SslProtocols.Tls13);
        document.Tls.ClientAuth.ShouldBe(ClientAuthType.RequireAndVerifyClientCert);
        document.Users.Keys.ShouldBe(["prometheus", "grafana agent"], ignoreOrder: true);
    }

    [Fact]
    public void Defaults_are_tls_1_2_and_1_3_without_client_certificates()
    {
        var document = WebConfigFile.Parse("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n", "/x");

        document.Tls!.Protocols.ShouldBe(SslProtocols.Tls12 | SslProtocols.Tls13);
        document.Tls.ClientAuth.ShouldBe(ClientAuthType.NoClientCert);
        document.Users.ShouldBeEmpty();
    }

    [Fact]
    public void An_empty_file_is_plain_http_without_users_as_in_the_exporter_toolkit()
    {
        var document = WebConfigFile.Parse("", "/x");

        document.Tls.ShouldBeNull();
        document.Users.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("basic_auth_users:\n  prometheus: hunter2\n", "basic_auth_users.prometheus (line 2): not a bcrypt hash")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n", "tls_server_config.key_file: missing")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  min_version: TLS10\n", "tls_server_config.min_version (line 4): TLS 1.0 and 1.1 are deprecated")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  min_version: TLS14\n", "tls_server_config.min_version (line 4): must be one of TLS12, TLS13")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  client_auth_type: VerifyClientCertIfGiven\n", "tls_server_config.client_ca_file: missing")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  client_auth_type: Maybe\n", "tls_server_config.client_auth_type (line 4): must be one of NoClientCert")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  cipher_suites: [TLS_AES_128_GCM_SHA256]\n", "tls_server_config.cipher_suites (line 4): not supported by this exporter")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n  key_fil: a.key\n", "tls_server_config.key_fil (line 3): unknown key")]
    [InlineData("basic_auth_user:\n  prometheus: x\n", "basic_auth_user (line 1): unknown key (known here: tls_server_config, basic_auth_users)")]
    [InlineData("tls_server_config: [\n", "not valid YAML")]
    [InlineData("- a\n- b\n", "line 1: the file must be a mapping")]
    public void An_invalid_file_names_the_key_and_line(string content, string expected)
    {
        var error = Should.Throw<WebConfigException>(() => WebConfigFile.Parse(content, "/x"));

        error.Message.ShouldContain(expected);
    }

    [Fact]
    public void A_plain_text_password_in_place_of_a_hash_is_not_repeated_in_the_error()
    {
        var error = Should.Throw<WebConfigException>(() => WebConfigFile.Parse("basic_auth_users:\n  prometheus: hunter2-secret\n", "/x"));

        error.Message.ShouldNotContain("hunter2-secret");
    }

    [Fact]
    public void A_missing_certificate_file_is_named_when_loading()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("web.yml", "tls_server_config:\n  cert_file: nowhere.crt\n  key_file: nowhere.key\n");

        var error = Should.Throw<WebConfigException>(() => WebConfigFile.Load(file));

        error.Message.ShouldBe($"tls_server_config.cert_file '{dir.File("nowhere.crt")}': the file does not exist");
    }
}
