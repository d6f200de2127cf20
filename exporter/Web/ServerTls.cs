using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KpiExporter.Web;

/// <summary>
/// <c>tls_server_config</c> loaded: the certificate (with any intermediates in <c>cert_file</c>) and its key, the
/// TLS versions, and the client-certificate policy, as the options each TLS handshake uses. A new instance per
/// load, so a rotated certificate applies to the next connection.
/// </summary>
internal sealed class ServerTls
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private readonly TlsServerSettings _settings;
    private readonly X509Certificate2Collection _clientCas;

    private ServerTls(TlsServerSettings settings, X509Certificate2 certificate, X509Certificate2Collection intermediates, X509Certificate2Collection clientCas)
    {
        _settings = settings;
        _clientCas = clientCas;
        Certificate = certificate;
        Options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, intermediates, offline: true),
            EnabledSslProtocols = settings.Protocols,
            ClientCertificateRequired = settings.ClientAuth != ClientAuthType.NoClientCert,
            RemoteCertificateValidationCallback = ValidateClient,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
        };
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The options of every handshake while this configuration is current.</summary>
    public SslServerAuthenticationOptions Options { get; }

    public static ServerTls Load(TlsServerSettings settings)
    {
        X509Certificate2 certificate;
        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPemFile(settings.CertFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new WebConfigException($"tls_server_config.cert_file '{settings.CertFile}': {Reason(ex, "no PEM certificate in it")}", ex);
        }

        if (chain.Count == 0)
        {
            throw new WebConfigException($"tls_server_config.cert_file '{settings.CertFile}': no PEM certificate in it");
        }

        try
        {
            certificate = X509Certificate2.CreateFromPemFile(settings.CertFile, settings.KeyFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new WebConfigException($"tls_server_config.key_file '{settings.KeyFile}': {Reason(ex, "no PEM private key in it that matches cert_file")}", ex);
        }

        var clientCas = new X509Certificate2Collection();
        if (settings.ClientCaFile is { } caFile)
        {
            try
            {
                clientCas.ImportFromPemFile(caFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new WebConfigException($"tls_server_config.client_ca_file '{caFile}': {Reason(ex, "no PEM certificate in it")}", ex);
            }

            if (clientCas.Count == 0)
            {
                throw new WebConfigException($"tls_server_config.client_ca_file '{caFile}': no PEM certificate in it");
            }
        }

        return new ServerTls(settings, certificate, new X509Certificate2Collection(chain.Skip(1).ToArray()), clientCas);
    }

    public string Describe() =>
        $"TLS ({_settings.Protocols}; certificate {Certificate.Subject}, expires {Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}; client certificates {_settings.ClientAuth})";

    private bool ValidateClient(object sender, X509Certificate? presented, X509Chain? chain, SslPolicyErrors errors)
    {
        var mode = _settings.ClientAuth;
        if (presented is null)
        {
            return mode is ClientAuthType.NoClientCert or ClientAuthType.RequestClientCert or ClientAuthType.VerifyClientCertIfGiven;
        }

        if (mode is ClientAuthType.NoClientCert or ClientAuthType.RequestClientCert or ClientAuthType.RequireAnyClientCert)
        {
            return true;
        }

        using var client = presented as X509Certificate2 is { } c2 ? X509CertificateLoader.LoadCertificate(c2.RawData) : X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        using var verify = new X509Chain();
        verify.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        verify.ChainPolicy.CustomTrustStore.AddRange(_clientCas);
        verify.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        verify.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        if (chain is not null)
        {
            verify.ChainPolicy.ExtraStore.AddRange(chain.ChainElements.Select(e => e.Certificate).Skip(1).ToArray());
        }

        return verify.Build(client);
    }

    private static string Reason(Exception ex, string unreadable) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => "the file does not exist",
        UnauthorizedAccessException => "permission denied",
        _ => unreadable,
    };
}
