using System.Globalization;
using System.Text;

namespace KpiExporter.Sources.Checkout;

/// <summary>
/// A piece of a dataset file as an error message shows it: at most 40 characters (the rest as "…"), control
/// characters written as escapes (<c>\x01</c>), so that a message about a hostile file stays one short, printable
/// line in the log, on the landing page and in the status API.
/// </summary>
internal static class InputExcerpt
{
    public const int MaxCharacters = 40;

    public static string Of(string text)
    {
        // Never cut a surrogate pair in two: half a character cannot be written as UTF-8 or JSON.
        var kept = text.Length <= MaxCharacters ? text.Length : char.IsHighSurrogate(text[MaxCharacters - 1]) ? MaxCharacters - 1 : MaxCharacters;
        var shown = new StringBuilder(kept + 24);
        foreach (var c in text.AsSpan(0, kept))
        {
            if (char.IsControl(c))
            {
                shown.Append(c == '\t' ? "\\t" : string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"));
            }
            else
            {
                shown.Append(c);
            }
        }

        if (kept < text.Length)
        {
            shown.Append(string.Create(CultureInfo.InvariantCulture, $"… ({text.Length:N0} characters)"));
        }

        return shown.ToString();
    }
}
