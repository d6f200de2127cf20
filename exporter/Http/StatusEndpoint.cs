using System.Text.Json;
using KpiExporter.Metrics;
using KpiExporter.Sources;
using KpiExporter.Sources.Deadlines;

namespace KpiExporter.Http;

/// <summary>
/// GET /api/v1/status: what the landing page shows, as JSON for tools (a status page, a chat bot, a deployment
/// gate). Every source with its state and status, every deadline, and the worst status overall. The status follows
/// the alerts' severities: CRITICAL where a P1 would fire (a deadline missed), WARNING where a P2 or P3 would (a
/// failing source, stale or incomplete data, a deadline at risk), OK otherwise. Field names and the content type
/// are a stable contract (tests pin them); the payload never carries connection strings or file contents. A source's
/// <c>database</c> is the database a database check queries (null for a checkout file).
/// </summary>
internal static class StatusEndpoint
{
    public const string Ok = "OK";
    public const string Warning = "WARNING";
    public const string Critical = "CRITICAL";

    public static async Task Serve(HttpContext context, ExporterInfo info, SourceHealthRegistry health, MetricsSources sources, DeadlineSeries deadlines, TimeProvider time)
    {
        var conditions = sources.All.SelectMany(s => s.Conditions()).ToDictionary(c => (c.Kind, c.Source));
        var statuses = new List<string>();
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("exporter", ExporterInfo.Name);
        json.WriteString("version", info.Version);
        json.WriteString("generated_at", time.GetUtcNow());

        json.WriteStartArray("sources");
        foreach (var source in health.Snapshot())
        {
            var condition = source.Up == true ? conditions.GetValueOrDefault((source.Kind, source.Source)) : null;
            var state = source.Up == true ? condition?.State ?? "OK" : "FAILING";
            var status = state switch { "OK" => Ok, SourceCondition.Missed => Critical, _ => Warning };
            statuses.Add(status);
            json.WriteStartObject();
            json.WriteString("kind", source.Kind);
            json.WriteString("name", source.Source);
            WriteText(json, "database", source.Database);
            json.WriteString("status", status);
            json.WriteString("state", state);
            WriteInstant(json, "last_success", source.LastSuccess);
            WriteText(json, "last_error_reason", source.LastErrorReason);
            WriteText(json, "detail", source.Up == true ? condition?.Detail : source.LastError);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("deadlines");
        foreach (var deadline in deadlines.Statuses())
        {
            var status = deadline.State switch { DeadlineState.Missed => Critical, DeadlineState.AtRisk => Warning, _ => Ok };
            statuses.Add(status);
            json.WriteStartObject();
            json.WriteString("name", deadline.Name);
            json.WriteString("kind", deadline.Kind);
            json.WriteString("source", deadline.Source);
            json.WriteString("status", status);
            json.WriteString("state", StateName(deadline.State));
            json.WriteString("day", deadline.Occurrence.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("due", deadline.Occurrence.Due);
            json.WriteString("warning_from", deadline.Occurrence.Warning);
            WriteInstant(json, "met_at", deadline.MetAt);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("status", statuses.Contains(Critical) ? Critical : statuses.Contains(Warning) ? Warning : Ok);
        json.WriteEndObject();
    }

    /// <summary>The state in the JSON: snake case of <see cref="DeadlineState"/> (not_today, pending, at_risk, missed, met, met_late).</summary>
    public static string StateName(DeadlineState state) => state switch
    {
        DeadlineState.NotToday => "not_today",
        DeadlineState.Pending => "pending",
        DeadlineState.AtRisk => "at_risk",
        DeadlineState.Missed => "missed",
        DeadlineState.Met => "met",
        DeadlineState.MetLate => "met_late",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    private static void WriteInstant(Utf8JsonWriter json, string name, DateTimeOffset? instant)
    {
        if (instant is { } value)
        {
            json.WriteString(name, value.ToUniversalTime());
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteText(Utf8JsonWriter json, string name, string? text)
    {
        if (text is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, text);
        }
    }
}
