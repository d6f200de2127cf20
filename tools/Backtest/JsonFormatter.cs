using System.Text;
using System.Text.Json;

namespace KpiMonitoring.Backtest;

/// <summary>
/// The backtest as JSON: a list with one object per dataset and hour,
/// <c>{"dataset": "checkout_2", "hour": 15, "today": 0, "expected": 34.89285714285714, "z": -2.7328617871600285,
/// "evaluations": 7, "alerts": [{"alertname": "CheckoutZeroTransactions", "severity": "P1"}]}</c>. Values are
/// the recorded ones, unrounded; an undefined value (NaN) is <c>null</c>.
/// </summary>
internal static class JsonFormatter
{
    public static string Format(IReadOnlyList<HourVerdict> verdicts)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var verdict in verdicts)
            {
                json.WriteStartObject();
                json.WriteString("dataset", verdict.Dataset);
                json.WriteNumber("hour", verdict.Hour);
                WriteNumber(json, "today", verdict.Today);
                WriteNumber(json, "expected", verdict.Expected);
                WriteNumber(json, "z", verdict.ZScore);
                json.WriteNumber("evaluations", verdict.Evaluations);
                json.WriteStartArray("alerts");
                foreach (var alert in verdict.Alerts)
                {
                    json.WriteStartObject();
                    json.WriteString("alertname", alert.AlertName);
                    json.WriteString("severity", alert.Severity);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
