namespace KpiMonitoring.LocalServers.Capture;

/// <summary>A plain webhook receiver (the Watchdog heartbeat): every accepted request as it came, answered 200 "ok".</summary>
public sealed class WebhookCapture : HttpCapture<CapturedRequest>
{
    private WebhookCapture(string? path)
        : base("webhook", path, SuccessResponse.PlainOk)
    {
    }

    /// <summary>Starts on a free loopback port; <paramref name="path"/> is the one path that succeeds, or null for any.</summary>
    public static Task<WebhookCapture> StartAsync(string? path = null) => ListenAsync(new WebhookCapture(path));

    protected override CapturedRequest Parse(CapturedRequest request) => request;
}
