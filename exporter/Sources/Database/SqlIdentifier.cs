using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace KpiExporter.Sources.Database;

/// <summary>
/// Table and column names from configuration, checked against a strict pattern and always double-quoted in SQL,
/// so a name can neither inject SQL nor collide with a keyword. Quoted names are case-sensitive, as PostgreSQL
/// stores them (unquoted names in DDL are folded to lower case).
/// </summary>
internal static partial class SqlIdentifier
{
    public static bool IsValid([NotNullWhen(true)] string? name) => name is { Length: > 0 and <= 63 } && Pattern().IsMatch(name);

    /// <summary><c>table</c> or <c>schema.table</c>.</summary>
    public static bool IsValidQualified([NotNullWhen(true)] string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        var parts = name.Split('.');
        return parts.Length is 1 or 2 && parts.All(IsValid);
    }

    /// <summary>The quoted form: <c>"schema"."table"</c>.</summary>
    public static string Quote(string name)
    {
        if (!IsValidQualified(name))
        {
            throw new ArgumentException($"not a valid SQL identifier: '{name}'", nameof(name));
        }

        return string.Join('.', name.Split('.').Select(p => $"\"{p}\""));
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_$]*$")]
    private static partial Regex Pattern();
}
