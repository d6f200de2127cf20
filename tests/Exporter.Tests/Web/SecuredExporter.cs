using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using KpiExporter.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KpiExporter.Tests.Web;

/// <summary>
/// The exporter in process behind a web configuration file: a test CA, a server certificate for 127.0.0.1, one
/// user with a bcrypt hash, the file re-read every 0.2 s. Clients trust only the test CA and report the server
/// certificate they were shown.
/// </summary>
internal sealed class SecuredExporter : IAsyncDisposable
{
    public const string User = "prometheus";
    public const string Password = "correct horse battery staple";

    private SecuredExporter(TempDirectory dir, TestCertificates ca, CapturingLoggerProvider logs)
    {
        Dir = dir;
        Ca = ca;
        Logs = logs;
    }

    public TempDirectory Dir { get; }

    public TestCertificates Ca { get; }

    public CapturingLoggerProvider Logs { get; }

    public ExporterServer Server { get; private set; } = null!;

    public string ConfigFile => Dir.File("web.yml");

    public string CertFile => Dir.File("server.crt");

    public string KeyFile => Dir.File("server.key");

    public X509Certificate2? LastServerCertificate { get; private set; }

    /// <summary>The client certificate (signed by the test CA) the server's own client shows, when started with one.</summary>
    public X509Certificate2? ClientCertificate { get; private set; }

    /// <param name="tlsExtra">Lines added under tls_server_config (e.g. client_auth_type), indented by two spaces.</param>
    /// <param name="clientCertificate">Whether the server's own client (readiness, scrapes) shows a client certificate of the test CA.</param>
    public static async Task<SecuredExporter> StartAsync(string tlsExtra = "", bool clientCertificate = false)
    {
        var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("data"));
        var secured = new SecuredExporter(dir, new TestCertificates(), new CapturingLoggerProvider());
        secured.Ca.WriteServer(secured.CertFile, secured.KeyFile);
        secured.Ca.WriteAuthority(dir.File("ca.crt"));
        secured.WriteConfig(User, Password, tlsExtra);
        secured.ClientCertificate = clientCertificate ? secured.Ca.Client() : null;
        secured.Server = await ExporterServer.StartAsync(
            dir.File("data"),
            settings: new Dictionary<string, string?> { ["Web:ConfigFile"] = secured.ConfigFile, ["Web:ReloadIntervalSeconds"] = "0.2" },
            configure: builder => builder.Logging.AddProvider(secured.Logs),
            client: ("https", secured.NewClient(User, Password, secured.ClientCertificate)));
        return secured;
    }

    /// <summary>Writes the web configuration: TLS with the server certificate (relative paths, as operators write them) and one user.</summary>
    public void WriteConfig(string user, string password, string tlsExtra = "")
    {
        var hash = BCrypt.Net.BCrypt.HashPassword(password, 4);
        File.WriteAllText(ConfigFile, $"""
            tls_server_config:
              cert_file: server.crt
              key_file: server.key
              min_version: TLS12
            {tlsExtra}
            basic_auth_users:
              {user}: {hash}

            """);
    }

    /// <summary>A new client (a new connection, so a rotated certificate shows) with these credentials, or none.</summary>
    public HttpClient NewClient(string? user, string? password, X509Certificate2? clientCertificate = null)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => TrustedByTestCa(certificate);
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        if (Server is not null)
        {
            client.BaseAddress = Server.BaseAddress;
        }

        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        return client;
    }

    public async Task<HttpResponseMessage> GetAsync(string path, string? user, string? password)
    {
        using var client = NewClient(user, password);
        return await client.GetAsync(new Uri(path, UriKind.Relative));
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        ClientCertificate?.Dispose();
        Ca.Dispose();
        Logs.Dispose();
        Dir.Dispose();
    }

    private bool TrustedByTestCa(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        LastServerCertificate = presented;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca.Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(presented);
    }
}
