using System.Globalization;
using System.Text.Json.Nodes;

namespace KpiMonitoring.Dashboards.Tests.Support;

/// <summary>
/// What a Grafana stat panel shows for one value, worked out from the panel's field config the way Grafana does it:
/// a value mapping that matches the value gives the text (and its color, if it sets one); otherwise the value is shown
/// and colored by the highest threshold step at or below it. A field override for the query's refId
/// (<c>byFrameRefID</c>) replaces the defaults' mappings and thresholds.
/// </summary>
internal sealed record StatDisplay(string Text, string Color)
{
    public static StatDisplay Of(JsonObject panel, double value, string refId = "A")
    {
        var defaults = (panel["fieldConfig"]?["defaults"] as JsonObject
            ?? throw new InvalidOperationException($"panel '{panel["title"]}' has no fieldConfig.defaults")).DeepClone().AsObject();
        var overrides = (panel["fieldConfig"]?["overrides"]?.AsArray() ?? []).OfType<JsonObject>()
            .Where(o => (string?)o["matcher"]?["id"] == "byFrameRefID" && (string?)o["matcher"]?["options"] == refId);
        foreach (var property in overrides.SelectMany(o => (o["properties"]?.AsArray() ?? []).OfType<JsonObject>()))
        {
            defaults[(string?)property["id"] ?? ""] = property["value"]?.DeepClone();
        }

        var color = ThresholdColor(defaults, value);
        foreach (var mapping in (defaults["mappings"]?.AsArray() ?? []).OfType<JsonObject>())
        {
            if (Matches(mapping, value) is JsonObject result)
            {
                return new StatDisplay((string?)result["text"] ?? Format(value), (string?)result["color"] ?? color);
            }
        }

        return new StatDisplay(Format(value), color);
    }

    private static JsonObject? Matches(JsonObject mapping, double value)
    {
        var options = mapping["options"] as JsonObject;
        switch ((string?)mapping["type"])
        {
            case "value":
                return options?[Format(value)] as JsonObject;
            case "range":
                var from = (double?)options?["from"] ?? double.NegativeInfinity;
                var to = (double?)options?["to"] ?? double.PositiveInfinity;
                return value >= from && value <= to ? options?["result"] as JsonObject : null;
            default:
                return null;
        }
    }

    private static string ThresholdColor(JsonObject defaults, double value)
    {
        var steps = defaults["thresholds"]?["steps"]?.AsArray() ?? [];
        var color = "none";
        foreach (var step in steps.OfType<JsonObject>())
        {
            if (step["value"] is null || (double)step["value"]! <= value)
            {
                color = (string?)step["color"] ?? color;
            }
        }

        return color;
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
