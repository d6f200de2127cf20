using System.Security.Authentication;

namespace KpiExporter.Web;

/// <summary>A web configuration file as written: the TLS settings (paths resolved against the file's directory) and the users' bcrypt hashes.</summary>
internal sealed record WebConfigDocument(TlsServerSettings? Tls, IReadOnlyDictionary<string, string> Users)
{
    /// <summary>The certificate, key and client CA files the document names; a change to any of them is a change of the configuration.</summary>
    public IEnumerable<string> ReferencedFiles =>
        Tls is null ? [] : Tls.ClientCaFile is null ? [Tls.CertFile, Tls.KeyFile] : [Tls.CertFile, Tls.KeyFile, Tls.ClientCaFile];
}

/// <summary><c>tls_server_config</c> as written.</summary>
internal sealed record TlsServerSettings(string CertFile, string KeyFile, SslProtocols Protocols, ClientAuthType ClientAuth, string? ClientCaFile);
