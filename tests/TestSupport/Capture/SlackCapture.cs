namespace KpiMonitoring.TestSupport.Capture;

/// <summary>
/// A Slack-compatible incoming webhook: records the JSON posts to <see cref="WebhookUrl"/> and answers 200 "ok"
/// as Slack does. Write <see cref="WebhookUrl"/> into the file that Alertmanager's api_url_file names.
/// </summary>
public sealed class SlackCapture : IAsyncDisposable
{
    public const string WebhookPath = "/services/T00000000/B00000000/kpi-capture";

    private SlackCapture(HttpCapture http)
    {
        Http = http;
    }

    /// <summary>The underlying server: every request with its answer, and <see cref="HttpCapture.FailFirst"/>.</summary>
    public HttpCapture Http { get; }

    public Uri WebhookUrl => new(Http.BaseUrl, WebhookPath.TrimStart('/'));

    /// <summary>The posts Slack would have shown (answered 2xx), parsed.</summary>
    public IReadOnlyList<SlackMessage> Messages => Accepted(Http.Requests.Snapshot());

    public static async Task<SlackCapture> StartAsync() => new(await HttpCapture.StartAsync(WebhookPath));

    /// <summary>Fails the next <paramref name="count"/> posts whose body contains <paramref name="bodyContains"/> (any post when null).</summary>
    public void FailFirst(int count, string? bodyContains = null) =>
        Http.FailFirst(count, bodyContains is null ? null : request => request.Body.Contains(bodyContains, StringComparison.Ordinal));

    /// <summary>Waits until the accepted messages satisfy <paramref name="done"/>; returns them.</summary>
    public async Task<IReadOnlyList<SlackMessage>> WaitForAsync(Func<IReadOnlyList<SlackMessage>, bool> done, TimeSpan timeout, string what) =>
        Accepted(await Http.Requests.WaitForAsync(requests => done(Accepted(requests)), timeout, "Slack: " + what));

    public ValueTask DisposeAsync() => Http.DisposeAsync();

    private static List<SlackMessage> Accepted(IReadOnlyList<CapturedRequest> requests) =>
        [.. requests.Where(request => request.Accepted).Select(SlackMessage.Parse)];
}
