using System.Buffers;
using System.Globalization;

namespace KpiExporter.Exposition;

/// <summary>The pieces of the Prometheus text format (version 0.0.4) that every writer shares.</summary>
internal static class TextFormat
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>An instant as the metrics carry it: Unix seconds, to the millisecond.</summary>
    public static double UnixSeconds(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds() / 1000.0;

    private static readonly SearchValues<char> LabelSpecials = SearchValues.Create("\\\"\n");

    /// <summary>A label value escaped as the format requires: backslash, double quote and line feed.</summary>
    public static string EscapeLabelValue(string value) =>
        !value.AsSpan().ContainsAny(LabelSpecials) ? value : value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>HELP text escaped as the format requires: backslash and line feed.</summary>
    public static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>
    /// Writes a sample value in its shortest round-trip form (<c>45</c>, <c>22.428571428571427</c>), with the
    /// format's spelling of the special values (<c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>). Returns the bytes written.
    /// </summary>
    public static int FormatNumber(double value, Span<byte> destination)
    {
        if (double.IsNaN(value))
        {
            return Ascii("NaN", destination);
        }

        if (double.IsPositiveInfinity(value))
        {
            return Ascii("+Inf", destination);
        }

        if (double.IsNegativeInfinity(value))
        {
            return Ascii("-Inf", destination);
        }

        // Whole numbers below 10^15 print the same as an integer, and integer formatting is several times faster
        // than the shortest round-trip search: most samples are counts.
        if (value is > -1e15 and < 1e15 && value == Math.Floor(value) && !(value == 0 && double.IsNegative(value)))
        {
            ((long)value).TryFormat(destination, out var digits, default, CultureInfo.InvariantCulture);
            return digits;
        }

        value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
        return written;
    }

    private static int Ascii(string text, Span<byte> destination)
    {
        for (var i = 0; i < text.Length; i++)
        {
            destination[i] = (byte)text[i];
        }

        return text.Length;
    }
}
