namespace KpiMonitoring.LocalServers.Capture;

/// <summary>One HTTP request a capture server received, and the status it answered.</summary>
public sealed record CapturedRequest(string Method, string Path, string Body, int StatusCode, DateTimeOffset ReceivedAt)
{
    /// <summary>True when the server answered 2xx, i.e. the sender was told the delivery succeeded.</summary>
    public bool Accepted => StatusCode is >= 200 and < 300;
}
