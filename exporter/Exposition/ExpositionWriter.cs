using System.Buffers;
using System.Text;

namespace KpiExporter.Exposition;

/// <summary>
/// Writes series in the Prometheus text format to a stream through one reusable buffer that is flushed every
/// few tens of kilobytes, so 120,000 series cost no more memory than 50 KB. Writes are synchronous into the
/// buffer; <see cref="FlushIfFullAsync"/> and <see cref="FlushAsync"/> hand it to the stream.
/// </summary>
internal sealed class ExpositionWriter
{
    private const int FlushThreshold = 48 * 1024;

    private readonly Stream _output;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold + 4096);

    public ExpositionWriter(Stream output)
    {
        _output = output;
    }

    /// <summary>The <c># HELP</c> and <c># TYPE</c> lines that open a metric family.</summary>
    public void Header(string name, string help, MetricType type)
    {
        Write("# HELP ");
        Write(name);
        Write(" ");
        Write(TextFormat.EscapeHelp(help));
        Write("\n# TYPE ");
        Write(name);
        Write(type == MetricType.Counter ? " counter\n" : " gauge\n");
    }

    /// <summary>Raw bytes: a pre-encoded series prefix or header.</summary>
    public void Write(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    /// <summary>Text, UTF-8 encoded.</summary>
    public void Write(string text)
    {
        var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        _buffer.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    /// <summary>One sample line: <c>name{a="x",b="y"} value</c>; label values are escaped here.</summary>
    public void Sample(string name, ReadOnlySpan<string> labelNames, ReadOnlySpan<string> labelValues, double value)
    {
        Write(name);
        if (labelNames.Length > 0)
        {
            Write("{");
            for (var i = 0; i < labelNames.Length; i++)
            {
                if (i > 0)
                {
                    Write(",");
                }

                Write(labelNames[i]);
                Write("=\"");
                Write(TextFormat.EscapeLabelValue(labelValues[i]));
                Write("\"");
            }

            Write("}");
        }

        Write(" ");
        ValueLine(value);
    }

    /// <summary>A sample's value and the line feed that ends it.</summary>
    public void ValueLine(double value)
    {
        var span = _buffer.GetSpan(40);
        var written = TextFormat.FormatNumber(value, span);
        span[written] = (byte)'\n';
        _buffer.Advance(written + 1);
    }

    /// <summary>Hands the buffer to the stream once it holds more than the flush threshold.</summary>
    public ValueTask FlushIfFullAsync(CancellationToken cancellationToken) =>
        _buffer.WrittenCount > FlushThreshold ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffer.WrittenCount == 0)
        {
            return;
        }

        await _output.WriteAsync(_buffer.WrittenMemory, cancellationToken);
        _buffer.ResetWrittenCount();
    }
}
