using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using CsvHelper.Configuration;

namespace KpiExporter.Sources.Checkout;

/// <summary>
/// Parses an hourly checkout export. Accepts what real exports vary in: comma, semicolon or tab delimiters
/// (detected from the header), decimal comma with semicolons, UTF-8 BOM, CRLF, quoted fields, columns in any
/// order, extra columns, and hours written as <c>15h</c>, <c>15</c> or <c>15:00</c>. The first problem found
/// rejects the whole file.
/// </summary>
internal static partial class CheckoutCsvParser
{
    public const string TimeColumn = "time";
    public const string TodayColumn = "today";

    /// <summary>Columns of a wrong header that a message lists before "and N more".</summary>
    private const int ShownColumns = 12;

    private static readonly string[] ValueColumns =
        [TodayColumn, .. BaselineNames.All.Select(b => b.Name())];

    [GeneratedRegex(@"^(?<hour>-?\d{1,3})(?:[hH]|:00(?::00)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex HourPattern();

    public static CheckoutParseResult Parse(ArraySegment<byte> content)
    {
        using var reader = new StreamReader(new MemoryStream(content.Array ?? [], content.Offset, content.Count, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = reader.ReadToEnd();
        return Parse(text);
    }

    public static CheckoutParseResult Parse(string text)
    {
        text = text.TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(text))
        {
            return CheckoutParseResult.Fail(LoadErrorReason.EmptyFile, null, "the file is empty");
        }

        // A text export has no NUL character (UTF-16 with a byte order mark is decoded above, so it has none either).
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            return CheckoutParseResult.Fail(LoadErrorReason.BinaryContent, text.AsSpan(0, nul).Count('\n') + 1, "a NUL character (byte 0): the file is binary or UTF-16 without a byte order mark, not a CSV export");
        }

        var delimiter = DetectDelimiter(text);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter.ToString(),
            HasHeaderRecord = true,
            IgnoreBlankLines = true,
            TrimOptions = TrimOptions.Trim,
            DetectColumnCountChanges = false,
        };

        try
        {
            using var parser = new CsvParser(new StringReader(text), config);
            return ParseRecords(parser, delimiter == ';');
        }
        catch (CsvHelperException ex)
        {
            var line = ex.Context?.Parser?.RawRow;
            var what = ex is BadDataException ? "a quote inside a field that is not quoted, or a quoted field that is not closed" : FirstLine(ex.Message);
            return CheckoutParseResult.Fail(LoadErrorReason.MalformedCsv, line, $"malformed CSV: {what}");
        }
    }

    private static CheckoutParseResult ParseRecords(CsvParser parser, bool decimalComma)
    {
        if (!parser.Read() || parser.Record is null)
        {
            return CheckoutParseResult.Fail(LoadErrorReason.EmptyFile, null, "the file is empty");
        }

        var headerLine = parser.RawRow;
        var header = parser.Record.Select(NormalizeColumnName).ToArray();
        var missing = new[] { TimeColumn }.Concat(ValueColumns).Where(c => Array.IndexOf(header, c) < 0).ToArray();
        if (missing.Length > 0)
        {
            return CheckoutParseResult.Fail(
                LoadErrorReason.MissingColumn,
                headerLine,
                $"missing required column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}; the header has {Columns(header)}");
        }

        var timeIndex = Array.IndexOf(header, TimeColumn);
        var valueIndexes = ValueColumns.Select(c => Array.IndexOf(header, c)).ToArray();
        var hours = new List<CheckoutHour>(24);
        var seenAt = new int?[24];
        var values = new double[ValueColumns.Length];

        while (parser.Read())
        {
            var record = parser.Record!;
            var line = parser.RawRow;
            if (record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var hourField = Field(record, timeIndex);
            var hourError = TryParseHour(hourField, out var hour);
            if (hourError is not null)
            {
                return CheckoutParseResult.Fail(hourError.Value.Reason, line, hourError.Value.Message);
            }

            if (seenAt[hour] is { } firstLine)
            {
                return CheckoutParseResult.Fail(LoadErrorReason.DuplicateHour, line, $"hour {hour:00} appears again (first on line {firstLine})");
            }

            seenAt[hour] = line;

            for (var i = 0; i < ValueColumns.Length; i++)
            {
                var raw = Field(record, valueIndexes[i]);
                if (!TryParseNumber(raw, decimalComma, out var value))
                {
                    return CheckoutParseResult.Fail(LoadErrorReason.InvalidValue, line, $"column '{ValueColumns[i]}' of hour {hour:00}: '{InputExcerpt.Of(raw)}' is not a number");
                }

                if (value < 0)
                {
                    return CheckoutParseResult.Fail(LoadErrorReason.NegativeValue, line, $"column '{ValueColumns[i]}' of hour {hour:00}: {InputExcerpt.Of(raw)} is negative");
                }

                values[i] = value;
            }

            hours.Add(new CheckoutHour(hour, values[0], values[1], values[2], values[3], values[4]));
        }

        if (hours.Count == 0)
        {
            return CheckoutParseResult.Fail(LoadErrorReason.EmptyFile, null, "the file has a header but no hour rows");
        }

        return CheckoutParseResult.Ok(new CheckoutDay(hours));
    }

    /// <summary>The delimiter that occurs most often, outside quotes, in the first non-blank line; comma on a tie.</summary>
    internal static char DetectDelimiter(string text)
    {
        ReadOnlySpan<char> candidates = [',', ';', '\t'];
        Span<int> counts = stackalloc int[candidates.Length];
        var inQuotes = false;
        var started = false;
        foreach (var c in text)
        {
            if (c is '\r' or '\n')
            {
                if (started && !inQuotes)
                {
                    break;
                }

                continue;
            }

            started = true;
            if (c == '"')
            {
                inQuotes = !inQuotes;
                continue;
            }

            if (!inQuotes)
            {
                var index = candidates.IndexOf(c);
                if (index >= 0)
                {
                    counts[index]++;
                }
            }
        }

        var best = 0;
        for (var i = 1; i < candidates.Length; i++)
        {
            if (counts[i] > counts[best])
            {
                best = i;
            }
        }

        return candidates[best];
    }

    private static string NormalizeColumnName(string name) =>
        name.Trim().Trim('\uFEFF').Trim('"').Trim().ToLowerInvariant().Replace(' ', '_');

    private static string Field(string[] record, int index) => index < record.Length ? record[index].Trim() : string.Empty;

    private static (string Reason, string Message)? TryParseHour(string field, out int hour)
    {
        hour = -1;
        var match = HourPattern().Match(field);
        if (!match.Success)
        {
            return (LoadErrorReason.InvalidValue, $"'{InputExcerpt.Of(field)}' in column 'time' is not an hour (expected e.g. 15h, 15 or 15:00)");
        }

        var value = int.Parse(match.Groups["hour"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (value is < 0 or > 23)
        {
            return (LoadErrorReason.HourOutOfRange, $"hour '{InputExcerpt.Of(field)}' is outside 00..23");
        }

        hour = value;
        return null;
    }

    /// <summary>
    /// Parses a count or average. In semicolon-delimited files (decimal-comma locales such as pt-BR) a comma is
    /// the decimal separator and dots grouping thousands are dropped (<c>1.234,5</c>, <c>1.234</c>); a dot that
    /// does not group thousands (<c>22.43</c>) is still a decimal point, so a dot-decimal export is never misread.
    /// </summary>
    internal static bool TryParseNumber(string raw, bool decimalComma, out double value)
    {
        var text = raw;
        if (decimalComma)
        {
            if (ThousandsGrouped().IsMatch(text))
            {
                text = text.Replace(".", string.Empty, StringComparison.Ordinal);
            }

            text = text.Replace(',', '.');
        }

        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    [GeneratedRegex(@"^-?\d{1,3}(?:\.\d{3})+(?:,\d*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ThousandsGrouped();

    /// <summary>The header's columns as a message lists them: the first <see cref="ShownColumns"/>, each shortened.</summary>
    private static string Columns(string[] header)
    {
        var shown = string.Join(", ", header.Take(ShownColumns).Select(h => $"'{InputExcerpt.Of(h)}'"));
        return header.Length > ShownColumns ? string.Create(CultureInfo.InvariantCulture, $"{shown} and {header.Length - ShownColumns:N0} more") : shown;
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
