namespace KpiExporter.Web;

/// <summary>
/// One read of the web configuration file and the files it names: the parsed document or the reason it could not
/// be parsed, and a fingerprint of every byte read, so a reload acts only when something changed.
/// </summary>
internal sealed record WebConfigRead(byte[] Fingerprint, WebConfigDocument? Document, WebConfigException? Error)
{
    /// <summary>Builds the usable configuration (loads the certificate and key); throws <see cref="WebConfigException"/>.</summary>
    public WebConfig Build() =>
        Error is not null ? throw Error : new WebConfig(Document!.Tls is { } tls ? ServerTls.Load(tls) : null, BasicAuthUsers.From(Document.Users), Fingerprint);
}
