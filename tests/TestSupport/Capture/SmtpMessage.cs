using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KpiMonitoring.TestSupport.Capture;

/// <summary>
/// One message an SMTP client delivered: the envelope, the credentials it authenticated with, the raw DATA,
/// and the decoded top-level headers and text/html parts (multipart, quoted-printable or base64, RFC 2047 words).
/// </summary>
public sealed partial record SmtpMessage(
    string? AuthMechanism,
    string? AuthUsername,
    string? AuthPassword,
    string MailFrom,
    IReadOnlyList<string> RcptTo,
    string Data,
    IReadOnlyDictionary<string, string> Headers,
    string? TextBody,
    string? HtmlBody,
    DateTimeOffset ReceivedAt)
{
    public string Subject => Header("Subject");

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : string.Empty;

    public static SmtpMessage Create(string? authMechanism, string? authUsername, string? authPassword, string mailFrom, IReadOnlyList<string> rcptTo, string data)
    {
        var (headers, body) = SplitHeaders(data);
        string? text = null;
        string? html = null;
        var contentType = headers.TryGetValue("Content-Type", out var type) ? type : "text/plain";
        var boundary = BoundaryPattern().Match(contentType);
        if (contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) && boundary.Success)
        {
            foreach (var part in SplitParts(body, boundary.Groups[1].Value))
            {
                var (partHeaders, partBody) = SplitHeaders(part);
                var partType = partHeaders.TryGetValue("Content-Type", out var t) ? t : "text/plain";
                var decoded = DecodeBody(partBody, partHeaders);
                if (partType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
                {
                    html = decoded;
                }
                else if (partType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
                {
                    text = decoded;
                }
            }
        }
        else if (contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
        {
            html = DecodeBody(body, headers);
        }
        else
        {
            text = DecodeBody(body, headers);
        }

        return new SmtpMessage(authMechanism, authUsername, authPassword, mailFrom, rcptTo, data, headers, text, html, DateTimeOffset.UtcNow);
    }

    public override string ToString() =>
        $"from={MailFrom} to={string.Join(",", RcptTo)} auth={AuthMechanism}:{AuthUsername} subject={Subject}";

    private static (Dictionary<string, string> Headers, string Body) SplitHeaders(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = end < 0 ? text : text[..end];
        var body = end < 0 ? string.Empty : text[(end + 4)..];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var line in head.Split("\r\n"))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && last is not null)
            {
                headers[last] += " " + line.Trim();
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                last = line[..colon].Trim();
                headers[last] = line[(colon + 1)..].Trim();
            }
        }

        foreach (var name in headers.Keys.ToList())
        {
            headers[name] = DecodeWords(headers[name]);
        }

        return (headers, body);
    }

    private static IEnumerable<string> SplitParts(string body, string boundary)
    {
        var delimiter = "--" + boundary;
        foreach (var chunk in body.Split(delimiter).Skip(1))
        {
            if (chunk.StartsWith("--", StringComparison.Ordinal))
            {
                yield break;
            }

            yield return chunk.TrimStart('\r', '\n').TrimEnd('\r', '\n');
        }
    }

    private static string DecodeBody(string body, Dictionary<string, string> headers)
    {
        var encoding = headers.TryGetValue("Content-Transfer-Encoding", out var e) ? e.Trim().ToLowerInvariant() : "7bit";
        return encoding switch
        {
            "quoted-printable" => Encoding.UTF8.GetString(DecodeQuotedPrintable(body, underscoreIsSpace: false)),
            "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))))),
            _ => body,
        };
    }

    private static byte[] DecodeQuotedPrintable(string text, bool underscoreIsSpace)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '=')
            {
                if (i + 2 < text.Length && text[i + 1] == '\r' && text[i + 2] == '\n')
                {
                    i += 2;
                    continue;
                }

                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i += 1;
                    continue;
                }

                if (i + 2 < text.Length
                    && byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
                {
                    bytes.Add(b);
                    i += 2;
                    continue;
                }
            }

            if (underscoreIsSpace && c == '_')
            {
                bytes.Add((byte)' ');
                continue;
            }

            bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
        }

        return [.. bytes];
    }

    private static string DecodeWords(string value)
    {
        // Whitespace between two encoded words is not part of the text (RFC 2047 section 6.2).
        var joined = AdjacentWordsPattern().Replace(value, "?==?");
        return EncodedWordPattern().Replace(joined, match =>
        {
            var charset = Encoding.GetEncoding(match.Groups[1].Value);
            var payload = match.Groups[3].Value;
            return string.Equals(match.Groups[2].Value, "B", StringComparison.OrdinalIgnoreCase)
                ? charset.GetString(Convert.FromBase64String(payload))
                : charset.GetString(DecodeQuotedPrintable(payload, underscoreIsSpace: true));
        });
    }

    [GeneratedRegex("boundary=\"?([^\";\\s]+)\"?", RegexOptions.IgnoreCase)]
    private static partial Regex BoundaryPattern();

    [GeneratedRegex(@"=\?([^?]+)\?([qQbB])\?([^?]*)\?=")]
    private static partial Regex EncodedWordPattern();

    [GeneratedRegex(@"\?=\s+=\?")]
    private static partial Regex AdjacentWordsPattern();
}
