using System.Buffers;
using System.Globalization;
using System.Text;
using KpiExporter.Sources.Checkout;

namespace KpiExporter.Metrics;

/// <summary>
/// Renders the per-hour checkout series (today and each baseline, for every hour of every dataset) straight from
/// the stored days in the Prometheus text format. With 1,000 datasets these are 120,000 series: keeping them as
/// plain rows instead of one metric object per series keeps the exporter small and the scrape fast.
/// </summary>
internal static class HourSeriesWriter
{
    public const string TodayName = "kpi_checkout_hour_transactions";
    public const string BaselineName = "kpi_checkout_hour_baseline_transactions";

    private const int FlushThreshold = 48 * 1024;

    private static readonly byte[] TodayHeader = Encoding.UTF8.GetBytes(
        $"# HELP {TodayName} Today's checkout transactions in each hour of the dataset.\n# TYPE {TodayName} gauge\n");

    private static readonly byte[] BaselineHeader = Encoding.UTF8.GetBytes(
        $"# HELP {BaselineName} Baseline checkout transactions for each hour: yesterday, the same day last week, or last week's or last month's average.\n# TYPE {BaselineName} gauge\n");

    private static readonly byte[][] BaselineLabels = BaselineNames.All.Select(b => Encoding.UTF8.GetBytes($"\",baseline=\"{b.Name()}\"}} ")).ToArray();

    public static async Task WriteAsync(Stream output, IReadOnlyList<CheckoutDataset> datasets, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(FlushThreshold + 4096);
        buffer.Write(TodayHeader);
        foreach (var dataset in datasets)
        {
            var prefix = SeriesPrefix(TodayName, dataset.Name);
            foreach (var row in dataset.Day.Hours)
            {
                buffer.Write(prefix);
                WriteAscii(buffer, row.HourLabel);
                WriteAscii(buffer, "\"} ");
                WriteNumber(buffer, row.Today);
                if (buffer.WrittenCount > FlushThreshold)
                {
                    await FlushAsync(output, buffer, cancellationToken);
                }
            }
        }

        buffer.Write(BaselineHeader);
        foreach (var dataset in datasets)
        {
            var prefix = SeriesPrefix(BaselineName, dataset.Name);
            foreach (var row in dataset.Day.Hours)
            {
                for (var b = 0; b < BaselineNames.All.Length; b++)
                {
                    buffer.Write(prefix);
                    WriteAscii(buffer, row.HourLabel);
                    buffer.Write(BaselineLabels[b]);
                    WriteNumber(buffer, row.BaselineValue(BaselineNames.All[b]));
                }

                if (buffer.WrittenCount > FlushThreshold)
                {
                    await FlushAsync(output, buffer, cancellationToken);
                }
            }
        }

        await FlushAsync(output, buffer, cancellationToken);
    }

    /// <summary>The label value escaped as the text format requires: backslash, double quote and line feed.</summary>
    internal static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static byte[] SeriesPrefix(string metric, string dataset) =>
        Encoding.UTF8.GetBytes($"{metric}{{dataset=\"{EscapeLabelValue(dataset)}\",hour=\"");

    private static void WriteAscii(ArrayBufferWriter<byte> buffer, string text)
    {
        var span = buffer.GetSpan(text.Length);
        var written = Encoding.ASCII.GetBytes(text, span);
        buffer.Advance(written);
    }

    /// <summary>Shortest round-trip form (the default for double), e.g. <c>45</c>, <c>22.428571428571427</c>.</summary>
    private static void WriteNumber(ArrayBufferWriter<byte> buffer, double value)
    {
        var span = buffer.GetSpan(40);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        span[written] = (byte)'\n';
        buffer.Advance(written + 1);
    }

    private static async Task FlushAsync(Stream output, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
        buffer.ResetWrittenCount();
    }
}
