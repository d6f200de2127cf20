using System.Globalization;
using System.Text;
using KpiMonitoring.LocalServers;

namespace KpiMonitoring.Backtest.History;

/// <summary>
/// Turns the exporter's hourly expositions into a TSDB: every sample is stamped with the hour it was rendered
/// at and labelled as Prometheus' scrape would label it (<c>job</c>, <c>instance</c>, plus <c>up 1</c>), the
/// samples are written as OpenMetrics (one family after the other, each series in time order, <c># EOF</c>),
/// and <c>promtool tsdb create-blocks-from openmetrics</c> writes the blocks.
/// <para>
/// The exporter's process and runtime series (<c>process_*</c>, <c>dotnet_*</c>) describe the backtest's own
/// process at render time, not the history, and are left out, and so are the series no rule names (given
/// <c>readNames</c>): the per-hour series of every hour are most of a day's samples and no alert reads them. Types
/// other than gauge go in without metadata (OpenMetrics "unknown"): rules read values, not types, and OpenMetrics
/// names counters differently.
/// </para>
/// </summary>
internal sealed class OpenMetricsBackfill(HashSet<string>? readNames = null)
{
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>>? _readNames = readNames?.GetAlternateLookup<ReadOnlySpan<char>>();

    public const string Job = "kpi-exporter";
    public const string Instance = "backtest";

    private static readonly string ScrapeLabels = $"job=\"{Job}\",instance=\"{Instance}\"";

    private readonly SortedDictionary<string, List<string>> _series = new(StringComparer.Ordinal);
    private readonly HashSet<string> _gauges = new(StringComparer.Ordinal) { "up" };

    public long SampleCount { get; private set; }

    /// <summary>Adds one exposition in the Prometheus text format, as scraped at <paramref name="at"/>.</summary>
    public void Add(DateTimeOffset at, ReadOnlySpan<byte> exposition)
    {
        var stamp = (at.ToUnixTimeMilliseconds() / 1000.0).ToString(CultureInfo.InvariantCulture);
        Append($"up{{{ScrapeLabels}}}", "1", stamp);
        var text = Encoding.UTF8.GetString(exposition);
        foreach (var span in text.AsSpan().EnumerateLines())
        {
            if (span.IsEmpty)
            {
                continue;
            }

            if (span[0] == '#')
            {
                // "# TYPE name gauge"
                if (span.StartsWith("# TYPE ") && span.EndsWith(" gauge"))
                {
                    _gauges.Add(span["# TYPE ".Length..^" gauge".Length].ToString());
                }

                continue;
            }

            // Most lines are the per-hour series no rule reads: dropped by name before any string is made.
            var name = span[..span.IndexOfAny('{', ' ')];
            if (name.StartsWith("process_") || name.StartsWith("dotnet_") || (_readNames is { } names && !names.Contains(name)))
            {
                continue;
            }

            var (series, value) = Split(span.ToString());
            Append(series, value, stamp);
        }
    }

    /// <summary>Writes the OpenMetrics file and backfills it into <paramref name="blocksDirectory"/>.</summary>
    public async Task CreateBlocksAsync(string openMetricsFile, string blocksDirectory, CancellationToken cancellationToken)
    {
        await using (var writer = new StreamWriter(openMetricsFile, append: false, new UTF8Encoding(false), bufferSize: 1 << 16))
        {
            string? family = null;
            foreach (var (series, samples) in _series)
            {
                var name = MetricName(series);
                if (name != family && _gauges.Contains(name))
                {
                    await writer.WriteAsync($"# TYPE {name} gauge\n");
                }

                family = name;
                foreach (var sample in samples)
                {
                    await writer.WriteAsync(series);
                    await writer.WriteAsync(' ');
                    await writer.WriteAsync(sample);
                    await writer.WriteAsync('\n');
                }
            }

            await writer.WriteAsync("# EOF\n");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var result = await Command.RunAsync("promtool", ["tsdb", "create-blocks-from", "openmetrics", "--quiet", openMetricsFile, blocksDirectory], timeout: TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            throw new BacktestException($"promtool tsdb create-blocks-from openmetrics failed ({result.ExitCode}): {result.Output}");
        }
    }

    private void Append(string series, string value, string stamp)
    {
        if (!_series.TryGetValue(series, out var samples))
        {
            _series[series] = samples = [];
        }

        samples.Add(value + " " + stamp);
        SampleCount++;
    }

    /// <summary>A text-format sample line as (series with the scrape's labels added, value).</summary>
    private static (string Series, string Value) Split(string line)
    {
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (brace >= 0 && (space < 0 || brace < space))
        {
            var close = ClosingBrace(line, brace);
            var labels = line[(brace + 1)..close];
            var series = $"{line[..brace]}{{{ScrapeLabels}{(labels.Length > 0 ? "," : "")}{labels}}}";
            return (series, FirstToken(line[(close + 1)..]));
        }

        return ($"{line[..space]}{{{ScrapeLabels}}}", FirstToken(line[(space + 1)..]));
    }

    /// <summary>The '}' closing the label set that opens at <paramref name="open"/>, skipping quoted values (which may hold '}').</summary>
    private static int ClosingBrace(string line, int open)
    {
        var quoted = false;
        for (var i = open + 1; i < line.Length; i++)
        {
            switch (line[i])
            {
                case '\\' when quoted:
                    i++;
                    break;
                case '"':
                    quoted = !quoted;
                    break;
                case '}' when !quoted:
                    return i;
            }
        }

        throw new BacktestException($"the exporter wrote a sample line without its closing brace: {line}");
    }

    private static string FirstToken(string text) => text.Trim().Split(' ')[0];

    private static string MetricName(string series) => series[..series.IndexOf('{', StringComparison.Ordinal)];
}
