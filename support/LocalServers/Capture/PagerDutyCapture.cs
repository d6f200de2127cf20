using Microsoft.AspNetCore.Http;

namespace KpiMonitoring.LocalServers.Capture;

/// <summary>
/// A PagerDuty Events API v2 compatible endpoint: records the JSON posted to /v2/enqueue and answers 202 with
/// PagerDuty's success body. Point Alertmanager's pagerduty url at <see cref="EnqueueUrl"/>.
/// </summary>
public sealed class PagerDutyCapture : HttpCapture<PagerDutyEvent>
{
    public const string EnqueuePath = "/v2/enqueue";

    private PagerDutyCapture()
        : base(
            "PagerDuty",
            EnqueuePath,
            new SuccessResponse(StatusCodes.Status202Accepted, """{"status":"success","message":"Event processed"}""", "application/json"))
    {
    }

    public Uri EnqueueUrl => new(BaseUrl, EnqueuePath.TrimStart('/'));

    public static Task<PagerDutyCapture> StartAsync() => ListenAsync(new PagerDutyCapture());

    protected override PagerDutyEvent Parse(CapturedRequest request) => PagerDutyEvent.Parse(request);
}
