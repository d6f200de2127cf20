using System.Globalization;
using System.Text.Json;

namespace KpiMonitoring.Backtest;

/// <summary>A raw sample as Prometheus stored it; the timestamp in Unix milliseconds, as the TSDB keeps it.</summary>
internal readonly record struct Sample(long TimestampMs, double Value);

/// <summary>One series of raw samples (the answer to a range-vector selector such as <c>up[60s]</c>).</summary>
internal sealed record SampleSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<Sample> Samples)
{
    public string? Label(string name) => Labels.TryGetValue(name, out var value) ? value : null;

    /// <summary>Reads the <c>data.result</c> of a query whose result type is <c>matrix</c>.</summary>
    public static IReadOnlyList<SampleSeries> FromMatrix(JsonElement result)
    {
        var series = new List<SampleSeries>();
        foreach (var item in result.EnumerateArray())
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var label in item.GetProperty("metric").EnumerateObject())
            {
                labels[label.Name] = label.Value.GetString() ?? "";
            }

            var samples = new List<Sample>();
            foreach (var pair in item.GetProperty("values").EnumerateArray())
            {
                // Timestamps come as seconds with millisecond decimals; decimal keeps them exact.
                var timestamp = (long)Math.Round(pair[0].GetDecimal() * 1000m);
                samples.Add(new Sample(timestamp, ParseValue(pair[1].GetString() ?? "NaN")));
            }

            series.Add(new SampleSeries(labels, samples));
        }

        return series;
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
