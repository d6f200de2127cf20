using Microsoft.AspNetCore.Http;

namespace KpiMonitoring.TestSupport.Capture;

/// <summary>
/// A PagerDuty Events API v2 compatible endpoint: records the JSON posted to /v2/enqueue and answers 202 with
/// PagerDuty's success body. Point Alertmanager's pagerduty url at <see cref="EnqueueUrl"/>.
/// </summary>
public sealed class PagerDutyCapture : IAsyncDisposable
{
    public const string EnqueuePath = "/v2/enqueue";

    private PagerDutyCapture(HttpCapture http)
    {
        Http = http;
    }

    /// <summary>The underlying server: every request with its answer, and <see cref="HttpCapture.FailFirst"/>.</summary>
    public HttpCapture Http { get; }

    public Uri EnqueueUrl => new(Http.BaseUrl, EnqueuePath.TrimStart('/'));

    /// <summary>The events PagerDuty would have taken (answered 2xx), parsed.</summary>
    public IReadOnlyList<PagerDutyEvent> Events => Accepted(Http.Requests.Snapshot());

    public static async Task<PagerDutyCapture> StartAsync() =>
        new(await HttpCapture.StartAsync(
            EnqueuePath,
            StatusCodes.Status202Accepted,
            """{"status":"success","message":"Event processed"}""",
            "application/json"));

    /// <summary>Fails the next <paramref name="count"/> events whose body contains <paramref name="bodyContains"/> (any event when null).</summary>
    public void FailFirst(int count, string? bodyContains = null) =>
        Http.FailFirst(count, bodyContains is null ? null : request => request.Body.Contains(bodyContains, StringComparison.Ordinal));

    /// <summary>Waits until the accepted events satisfy <paramref name="done"/>; returns them.</summary>
    public async Task<IReadOnlyList<PagerDutyEvent>> WaitForAsync(Func<IReadOnlyList<PagerDutyEvent>, bool> done, TimeSpan timeout, string what) =>
        Accepted(await Http.Requests.WaitForAsync(requests => done(Accepted(requests)), timeout, "PagerDuty: " + what));

    public ValueTask DisposeAsync() => Http.DisposeAsync();

    private static List<PagerDutyEvent> Accepted(IReadOnlyList<CapturedRequest> requests) =>
        [.. requests.Where(request => request.Accepted).Select(PagerDutyEvent.Parse)];
}
