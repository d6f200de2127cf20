using MimeKit;

namespace KpiMonitoring.LocalServers.Capture;

/// <summary>
/// One message an SMTP client delivered: the envelope, the credentials it authenticated with, the raw DATA and
/// the message as MimeKit parsed it (headers, encoded words, multipart, quoted-printable or base64 bodies).
/// </summary>
public sealed record SmtpMessage(
    string? AuthMechanism,
    string? AuthUsername,
    string? AuthPassword,
    string MailFrom,
    IReadOnlyList<string> RcptTo,
    string Data,
    MimeMessage Mime,
    DateTimeOffset ReceivedAt)
{
    public string Subject => Mime.Subject ?? string.Empty;

    /// <summary>The text/plain body, decoded; null when the message has none.</summary>
    public string? TextBody => Mime.TextBody;

    /// <summary>The text/html body, decoded; null when the message has none.</summary>
    public string? HtmlBody => Mime.HtmlBody;

    public override string ToString() =>
        $"from={MailFrom} to={string.Join(",", RcptTo)} auth={AuthMechanism}:{AuthUsername} subject={Subject}";
}
