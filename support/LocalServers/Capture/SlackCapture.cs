namespace KpiMonitoring.LocalServers.Capture;

/// <summary>
/// A Slack-compatible incoming webhook: records the JSON posts to <see cref="WebhookUrl"/> and answers 200 "ok"
/// as Slack does. Write <see cref="WebhookUrl"/> into the file that Alertmanager's api_url_file names.
/// </summary>
public sealed class SlackCapture : HttpCapture<SlackMessage>
{
    public const string WebhookPath = "/services/T00000000/B00000000/kpi-capture";

    private SlackCapture()
        : base("Slack", WebhookPath, SuccessResponse.PlainOk)
    {
    }

    public Uri WebhookUrl => new(BaseUrl, WebhookPath.TrimStart('/'));

    public static Task<SlackCapture> StartAsync() => ListenAsync(new SlackCapture());

    protected override SlackMessage Parse(CapturedRequest request) => SlackMessage.Parse(request);
}
