using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace KpiExporter.Exposition;

/// <summary>
/// Writes series in the Prometheus text format, UTF-8 encoded, handed on every few tens of kilobytes, so 120,000
/// series cost no more memory than 50 KB. Over a <see cref="PipeWriter"/> (the HTTP response's) the bytes go
/// straight into the pipe's own buffers, with no copy; over a <see cref="Stream"/> they go through one reusable
/// buffer. Writes are synchronous; <see cref="FlushIfFullAsync"/> and <see cref="FlushAsync"/> hand them on.
/// </summary>
internal sealed class ExpositionWriter
{
    private const int FlushThreshold = 48 * 1024;

    private readonly IBufferWriter<byte> _buffer;
    private readonly PipeWriter? _pipe;
    private readonly Stream? _stream;
    private readonly ArrayBufferWriter<byte>? _streamBuffer;
    private int _pending;

    public ExpositionWriter(Stream output)
    {
        _stream = output;
        _streamBuffer = new ArrayBufferWriter<byte>(FlushThreshold + 4096);
        _buffer = _streamBuffer;
    }

    public ExpositionWriter(PipeWriter output)
    {
        _pipe = output;
        _buffer = output;
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
        _buffer.Write(bytes);
        _pending += bytes.Length;
    }

    /// <summary>Text, UTF-8 encoded.</summary>
    public void Write(string text)
    {
        var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        Advance(Encoding.UTF8.GetBytes(text, span));
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
        Advance(written + 1);
    }

    /// <summary>Hands the written bytes on once more than the flush threshold has gathered.</summary>
    public ValueTask FlushIfFullAsync(CancellationToken cancellationToken) =>
        _pending > FlushThreshold ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending == 0)
        {
            return;
        }

        _pending = 0;
        if (_pipe is not null)
        {
            await _pipe.FlushAsync(cancellationToken);
            return;
        }

        await _stream!.WriteAsync(_streamBuffer!.WrittenMemory, cancellationToken);
        _streamBuffer.ResetWrittenCount();
    }

    private void Advance(int count)
    {
        _buffer.Advance(count);
        _pending += count;
    }
}
