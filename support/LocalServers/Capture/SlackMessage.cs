using System.Text.Json;

namespace KpiMonitoring.LocalServers.Capture;

/// <summary>One Slack incoming-webhook post (the legacy attachment format Alertmanager sends).</summary>
public sealed record SlackMessage(CapturedRequest Request, string? Channel, string? Username, IReadOnlyList<SlackAttachment> Attachments)
{
    /// <summary>The path the message was posted to.</summary>
    public string Path => Request.Path;

    /// <summary>The first attachment: Alertmanager sends exactly one.</summary>
    public SlackAttachment Attachment => Attachments.Count > 0
        ? Attachments[0]
        : throw new InvalidOperationException("the Slack message has no attachment");

    public static SlackMessage Parse(CapturedRequest request)
    {
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        var attachments = new List<SlackAttachment>();
        if (root.TryGetProperty("attachments", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                attachments.Add(new SlackAttachment(
                    Text(item, "title"),
                    Text(item, "title_link"),
                    Text(item, "text"),
                    Text(item, "color"),
                    Text(item, "fallback")));
            }
        }

        return new SlackMessage(request, Text(root, "channel"), Text(root, "username"), attachments);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

public sealed record SlackAttachment(string? Title, string? TitleLink, string? Text, string? Color, string? Fallback);
