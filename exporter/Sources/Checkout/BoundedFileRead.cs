using System.Globalization;

namespace KpiExporter.Sources.Checkout;

/// <summary>
/// A dataset file's bytes, read in chunks up to the configured limits: reading stops at the first line longer than
/// the line limit, or as soon as the file holds more than the size limit (it may grow after its size was checked),
/// so one load never holds more than <c>Checkout:MaxFileBytes</c> plus one chunk, whatever the file.
/// </summary>
internal sealed record BoundedFileRead(ArraySegment<byte> Content, LoadError? Error)
{
    private const int ChunkBytes = 64 * 1024;

    /// <param name="expectedLength">The size the file had when it was checked: the first buffer's size, within the limit.</param>
    public static BoundedFileRead Read(Stream stream, long expectedLength, long maxFileBytes, int maxLineBytes)
    {
        var buffer = new byte[(int)Math.Clamp(expectedLength + 1, 1, maxFileBytes + 1)];
        var length = 0;
        var line = 1;
        long lineLength = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > maxFileBytes)
                {
                    return Fail(LoadErrorReason.FileTooLarge, null, string.Create(CultureInfo.InvariantCulture, $"the file grew past {maxFileBytes:N0} bytes (Checkout:MaxFileBytes) while it was read; the rest was not read"));
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxFileBytes + 1));
            }

            var read = stream.Read(buffer, length, Math.Min(ChunkBytes, buffer.Length - length));
            if (read == 0)
            {
                return new BoundedFileRead(new ArraySegment<byte>(buffer, 0, length), null);
            }

            // Line lengths: a line feed ends a line (and counts it), a carriage return ends it too (CRLF, old Mac files).
            var chunk = buffer.AsSpan(length, read);
            while (!chunk.IsEmpty)
            {
                var end = chunk.IndexOfAny((byte)'\n', (byte)'\r');
                lineLength += end < 0 ? chunk.Length : end;
                if (lineLength > maxLineBytes)
                {
                    return Fail(LoadErrorReason.LineTooLong, line, string.Create(CultureInfo.InvariantCulture, $"the line is longer than {maxLineBytes:N0} bytes (Checkout:MaxLineBytes); the rest of the file was not read"));
                }

                if (end < 0)
                {
                    break;
                }

                if (chunk[end] == (byte)'\n')
                {
                    line++;
                }

                lineLength = 0;
                chunk = chunk[(end + 1)..];
            }

            length += read;
        }
    }

    private static BoundedFileRead Fail(string reason, int? line, string message) => new(ArraySegment<byte>.Empty, new LoadError(reason, line, message));
}
