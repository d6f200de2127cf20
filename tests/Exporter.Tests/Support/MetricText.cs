using System.Globalization;

namespace KpiExporter.Tests.Support;

/// <summary>Reads series out of exposition text, and renders one source's part of a scrape.</summary>
internal static class MetricText
{
    /// <summary>What one source writes into a scrape, as exposition text.</summary>
    public static async Task<string> ScrapeAsync(KpiExporter.Sources.IMetricsSource source)
    {
        using var stream = new MemoryStream();
        var writer = new KpiExporter.Exposition.ExpositionWriter(stream);
        await source.WriteAsync(writer, CancellationToken.None);
        await writer.FlushAsync(CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Finds <paramref name="series"/> (name and labels exactly as rendered) in exposition text.</summary>
    public static double? Value(string text, string series)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
