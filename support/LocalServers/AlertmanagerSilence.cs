using System.Text.Json;

namespace KpiMonitoring.LocalServers;

/// <summary>A silence as Alertmanager lists it (<c>GET /api/v2/silences</c>): state is active, pending or expired.</summary>
public sealed record AlertmanagerSilence(string Id, string State, IReadOnlyDictionary<string, string> Matchers, string Comment)
{
    public static AlertmanagerSilence Parse(JsonElement silence) =>
        new(
            silence.GetProperty("id").GetString() ?? string.Empty,
            silence.GetProperty("status").GetProperty("state").GetString() ?? string.Empty,
            silence.GetProperty("matchers").EnumerateArray().ToDictionary(
                matcher => matcher.GetProperty("name").GetString() ?? string.Empty,
                matcher => matcher.GetProperty("value").GetString() ?? string.Empty),
            silence.TryGetProperty("comment", out var comment) ? comment.GetString() ?? string.Empty : string.Empty);

    public override string ToString() =>
        $"{Id} {State} {{{string.Join(", ", Matchers.Select(m => $"{m.Key}={m.Value}"))}}}";
}
