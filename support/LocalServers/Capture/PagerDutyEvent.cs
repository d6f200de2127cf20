using System.Text.Json;

namespace KpiMonitoring.LocalServers.Capture;

/// <summary>One PagerDuty Events API v2 event (POST /v2/enqueue).</summary>
public sealed record PagerDutyEvent(
    CapturedRequest Request,
    string? RoutingKey,
    string? EventAction,
    string? DedupKey,
    string? Summary,
    string? Severity,
    string? Source,
    string? Component,
    string? Class,
    IReadOnlyDictionary<string, string> CustomDetails,
    IReadOnlyList<PagerDutyLink> Links,
    string? Client,
    string? ClientUrl)
{
    public static PagerDutyEvent Parse(CapturedRequest request)
    {
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        var payload = root.TryGetProperty("payload", out var p) ? p : default;
        var details = new Dictionary<string, string>(StringComparer.Ordinal);
        if (payload.ValueKind == JsonValueKind.Object
            && payload.TryGetProperty("custom_details", out var custom)
            && custom.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in custom.EnumerateObject())
            {
                details[property.Name] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString() ?? string.Empty
                    : property.Value.GetRawText();
            }
        }

        var links = new List<PagerDutyLink>();
        if (root.TryGetProperty("links", out var linkList) && linkList.ValueKind == JsonValueKind.Array)
        {
            links.AddRange(linkList.EnumerateArray().Select(link => new PagerDutyLink(Text(link, "href"), Text(link, "text"))));
        }

        return new PagerDutyEvent(
            request,
            Text(root, "routing_key"),
            Text(root, "event_action"),
            Text(root, "dedup_key"),
            Text(payload, "summary"),
            Text(payload, "severity"),
            Text(payload, "source"),
            Text(payload, "component"),
            Text(payload, "class"),
            details,
            links,
            Text(root, "client"),
            Text(root, "client_url"));
    }

    public string Detail(string name) => CustomDetails.TryGetValue(name, out var value) ? value : string.Empty;

    public override string ToString() =>
        $"{EventAction} dedup={DedupKey} severity={Severity} summary={Summary} details={string.Join(", ", CustomDetails.Select(d => $"{d.Key}={d.Value}"))}";

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

public sealed record PagerDutyLink(string? Href, string? Text);
