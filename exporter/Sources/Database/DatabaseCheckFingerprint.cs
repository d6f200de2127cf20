using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace KpiExporter.Sources.Database;

/// <summary>
/// What a check entry's checks are built from, as text: every public setting of the entry (not its position in the
/// list), the defaults it inherits (interval, timeout, time zone) and the database it runs against. A reload keeps
/// the running check, with its last results, of an entry whose fingerprint did not change.
/// </summary>
internal static class DatabaseCheckFingerprint
{
    private const string RootedOptions = "The options types are in this assembly, which the Native AOT build roots (TrimmerRootAssembly).";

    public static string Of(DatabaseCheckOptions entry, DatabaseOptions options, string database)
    {
        var text = new StringBuilder();
        text.Append(entry.GetType().Name).Append('|').Append(database)
            .Append("|tz=").Append(options.TimeZone)
            .Append("|interval=").Append(options.IntervalSeconds.ToString("R", CultureInfo.InvariantCulture))
            .Append("|timeout=").Append(options.TimeoutSeconds.ToString("R", CultureInfo.InvariantCulture));
        Append(text, entry, 0);
        return text.ToString();
    }

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = RootedOptions)]
    private static void Append(StringBuilder text, object? value, int depth)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                return;
            case string s:
                text.Append('"').Append(s.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                return;
            case IFormattable formattable:
                text.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                return;
            case bool or char or Enum:
                text.Append(value);
                return;
            case IDictionary dictionary:
                text.Append('{');
                foreach (var key in dictionary.Keys.Cast<object>().Select(k => Convert.ToString(k, CultureInfo.InvariantCulture) ?? "").Order(StringComparer.Ordinal))
                {
                    text.Append(key).Append('=');
                    Append(text, dictionary[key], depth + 1);
                    text.Append(',');
                }

                text.Append('}');
                return;
            case IEnumerable list:
                text.Append('[');
                foreach (var item in list)
                {
                    Append(text, item, depth + 1);
                    text.Append(',');
                }

                text.Append(']');
                return;
        }

        if (depth > 8)
        {
            throw new InvalidOperationException($"{value.GetType().Name}: settings nested too deep to compare");
        }

        text.Append('(');
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true }).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            text.Append(property.Name).Append(':');
            Append(text, property.GetValue(value), depth + 1);
            text.Append(';');
        }

        text.Append(')');
    }
}
