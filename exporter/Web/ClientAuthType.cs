namespace KpiExporter.Web;

/// <summary><c>tls_server_config.client_auth_type</c>: whether clients must show a certificate and whether it is checked against <c>client_ca_file</c>.</summary>
internal enum ClientAuthType
{
    NoClientCert,
    RequestClientCert,
    RequireAnyClientCert,
    VerifyClientCertIfGiven,
    RequireAndVerifyClientCert,
}
