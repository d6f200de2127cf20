using System.Text.RegularExpressions;

namespace KpiExporter.Sources.Database;

/// <summary>
/// PostgreSQL's short and SQL-standard spellings of the built-in types (<c>timestamptz</c>, <c>int4</c>,
/// <c>varchar(20)</c>, <c>BIGINT</c>) and the one <c>format_type</c> prints (<c>timestamp with time zone</c>,
/// <c>integer</c>, <c>character varying(20)</c>, <c>bigint</c>): an expected type must be written as format_type
/// prints it, or it never matches; start-up validation names the right spelling. Case and runs of spaces are
/// left to <see cref="SchemaDrift.NormalizeType"/>, which the check applies before comparing.
/// </summary>
internal static partial class ColumnTypeNames
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["int"] = "integer",
        ["int4"] = "integer",
        ["serial"] = "integer",
        ["serial4"] = "integer",
        ["int8"] = "bigint",
        ["bigserial"] = "bigint",
        ["serial8"] = "bigint",
        ["int2"] = "smallint",
        ["smallserial"] = "smallint",
        ["serial2"] = "smallint",
        ["bool"] = "boolean",
        ["float8"] = "double precision",
        ["float"] = "double precision",
        ["float4"] = "real",
        ["decimal"] = "numeric",
        ["varchar"] = "character varying",
        ["char"] = "character",
        ["timestamptz"] = "timestamp with time zone",
        ["timestamp"] = "timestamp without time zone",
        ["timetz"] = "time with time zone",
        ["time"] = "time without time zone",
        ["varbit"] = "bit varying",
    };

    private static readonly HashSet<string> Builtins = new(StringComparer.Ordinal)
    {
        "bigint", "integer", "smallint", "boolean", "double precision", "real", "numeric", "text", "character varying",
        "character", "timestamp with time zone", "timestamp without time zone", "time with time zone",
        "time without time zone", "date", "interval", "uuid", "json", "jsonb", "bytea", "bit varying", "bit", "inet",
        "cidr", "money",
    };

    /// <summary>The spelling format_type prints for <paramref name="type"/>, or null when it is already that (or unknown).</summary>
    public static string? Canonical(string type)
    {
        var match = TypePattern().Match(type);
        if (!match.Success)
        {
            return null;
        }

        var name = match.Groups["name"].Value;
        var lower = name.ToLowerInvariant();
        var modifier = match.Groups["modifier"].Value.Replace(" ", "", StringComparison.Ordinal);
        var array = match.Groups["array"].Value;
        if (Aliases.TryGetValue(lower, out var canonical))
        {
            // format_type prints char without a length as character(1).
            if (canonical == "character" && modifier.Length == 0)
            {
                modifier = "(1)";
            }
        }
        else if (Builtins.Contains(lower))
        {
            canonical = lower;
        }
        else
        {
            return null;
        }

        var spelled = canonical + modifier + array;
        return string.Equals(spelled, type, StringComparison.Ordinal) ? null : spelled;
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z][A-Za-z0-9 ]*?)\s*(?<modifier>\([0-9 ,]+\))?(?<array>(\[\])*)$")]
    private static partial Regex TypePattern();
}
