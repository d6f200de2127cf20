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

    // A plain array and a position rather than an ArrayBufferWriter: a thousand datasets are 140,000 lines of five
    // writes each, and the writer's own checks on every write were a tenth of the scrape.
    private byte[] _buffer = new byte[FlushThreshold + 4096];
    private int _written;

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
    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _written += bytes.Length;
    }

    /// <summary>Text, UTF-8 encoded.</summary>
    public void Write(string text) =>
        _written += Encoding.UTF8.GetBytes(text, Reserve(Encoding.UTF8.GetMaxByteCount(text.Length)));

    /// <summary>
    /// One sample line, <c>name{a="x",b="y"} value</c>, from its name and label names encoded beforehand (once for
    /// all the samples of a family); label values are escaped here.
    /// </summary>
    public void Sample(EncodedSeries series, ReadOnlySpan<string> labelValues, double value)
    {
        Write(series.Open);
        var labels = series.LabelOpens;
        if (labels.Length > 0)
        {
            for (var i = 0; i < labels.Length; i++)
            {
                Write(labels[i]);
                Write(TextFormat.EscapeLabelValue(labelValues[i]));
                Write((byte)'"');
            }

            Write("} "u8);
        }

        ValueLine(value);
    }

    /// <summary>A sample's value and the line feed that ends it.</summary>
    public void ValueLine(double value)
    {
        var span = Reserve(41);
        var written = TextFormat.FormatNumber(value, span);
        span[written] = (byte)'\n';
        _written += written + 1;
    }

    /// <summary>A value already formatted by <see cref="TextFormat.FormatNumber"/>, and the line feed that ends it.</summary>
    public void ValueLine(ReadOnlySpan<byte> formatted)
    {
        var span = Reserve(formatted.Length + 1);
        formatted.CopyTo(span);
        span[formatted.Length] = (byte)'\n';
        _written += formatted.Length + 1;
    }

    /// <summary>Hands the buffer to the stream once it holds more than the flush threshold.</summary>
    public ValueTask FlushIfFullAsync(CancellationToken cancellationToken) =>
        _written > FlushThreshold ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_written == 0)
        {
            return;
        }

        await _output.WriteAsync(_buffer.AsMemory(0, _written), cancellationToken);
        _written = 0;
    }

    private void Write(byte single)
    {
        Reserve(1)[0] = single;
        _written++;
    }

    /// <summary>The free space after what is written, at least <paramref name="size"/> bytes (the buffer grows for a longer line).</summary>
    private Span<byte> Reserve(int size)
    {
        if (_buffer.Length - _written < size)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _written + size));
        }

        return _buffer.AsSpan(_written);
    }
}
