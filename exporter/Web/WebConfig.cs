namespace KpiExporter.Web;

/// <summary>A loaded, usable web configuration: TLS (null: plain HTTP) and the users (none: no authentication).</summary>
internal sealed record WebConfig(ServerTls? Tls, BasicAuthUsers Users, byte[] Fingerprint)
{
    /// <summary>What the configuration does, for the log (no secret, no file content).</summary>
    public string Describe() =>
        $"{(Tls is null ? "plain HTTP" : Tls.Describe())}, {(Users.Count == 0 ? "no basic auth" : $"basic auth for {Users.Count} user{(Users.Count == 1 ? "" : "s")}")}";
}
