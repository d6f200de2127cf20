using System.Text;
using System.Text.Json;

namespace KpiMonitoring.Backtest.History;

/// <summary>
/// The offline backtest's report as JSON: <c>{"from", "to", "days", "weeks", "datasets", "alerts": [{"alertname",
/// "severity", "episodes", "hours", "days", "per_week", "by_hour_of_day": [24 counts], "occurrences": [{"dataset",
/// "date", "hour", "hours"}]}], "scores": [{"severity", "incident_hours", "hits", "misses", "false_alarms",
/// "precision", "recall"}] or null, "rejected": [{"file", "reason"}], "ab": {"changes": [{"dataset", "date",
/// "hour", "alertname", "severity", "change": "added"|"removed"}]} or null}</c>. An undefined ratio is null.
/// </summary>
internal static class HistoryJsonFormatter
{
    public static string Format(HistoryReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("from", Date(report.From));
            json.WriteString("to", Date(report.To));
            json.WriteNumber("days", report.Days);
            json.WriteNumber("weeks", Math.Round(report.Weeks, 3));
            json.WriteStartArray("datasets");
            report.Datasets.ToList().ForEach(json.WriteStringValue);
            json.WriteEndArray();

            json.WriteStartArray("alerts");
            foreach (var alert in report.Alerts)
            {
                json.WriteStartObject();
                json.WriteString("alertname", alert.Alert.AlertName);
                json.WriteString("severity", alert.Alert.Severity);
                json.WriteNumber("episodes", alert.Episodes.Count);
                json.WriteNumber("hours", alert.Hours);
                json.WriteNumber("days", alert.Days);
                json.WriteNumber("per_week", Math.Round(alert.Episodes.Count / report.Weeks, 3));
                json.WriteStartArray("by_hour_of_day");
                alert.ByHourOfDay.ToList().ForEach(json.WriteNumberValue);
                json.WriteEndArray();
                json.WriteStartArray("occurrences");
                foreach (var episode in alert.Episodes)
                {
                    json.WriteStartObject();
                    json.WriteString("dataset", episode.Dataset);
                    json.WriteString("date", Date(episode.Date));
                    json.WriteNumber("hour", episode.Hour);
                    json.WriteNumber("hours", episode.Hours);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            WriteScores(json, report.Scores);
            json.WriteStartArray("rejected");
            foreach (var rejected in report.Rejected)
            {
                json.WriteStartObject();
                json.WriteString("file", rejected.File.Path);
                json.WriteString("reason", rejected.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            WriteComparison(json, report.Comparison);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteScores(Utf8JsonWriter json, IReadOnlyList<SeverityScore>? scores)
    {
        if (scores is null)
        {
            json.WriteNull("scores");
            return;
        }

        json.WriteStartArray("scores");
        foreach (var score in scores)
        {
            json.WriteStartObject();
            json.WriteString("severity", score.Severity);
            json.WriteNumber("incident_hours", score.IncidentHours);
            json.WriteNumber("hits", score.Hits);
            json.WriteNumber("misses", score.Misses);
            json.WriteNumber("false_alarms", score.FalseAlarms);
            Ratio(json, "precision", score.Precision);
            Ratio(json, "recall", score.Recall);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteComparison(Utf8JsonWriter json, RuleSetComparison? comparison)
    {
        if (comparison is null)
        {
            json.WriteNull("ab");
            return;
        }

        json.WriteStartObject("ab");
        json.WriteStartArray("changes");
        foreach (var change in comparison.Changes)
        {
            json.WriteStartObject();
            json.WriteString("dataset", change.Dataset);
            json.WriteString("date", Date(change.Date));
            json.WriteNumber("hour", change.Hour);
            json.WriteString("alertname", change.Alert.AlertName);
            json.WriteString("severity", change.Alert.Severity);
            json.WriteString("change", change.Added ? "added" : "removed");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Ratio(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsNaN(value))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, Math.Round(value, 4));
        }
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
