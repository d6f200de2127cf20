using System.Globalization;
using System.Text.RegularExpressions;

namespace KpiExporter.Sources.Database;

/// <summary>The checks every kind's settings share; each failure names the key and the value.</summary>
internal static partial class DatabaseValidation
{
    public static void Seconds(string key, double value, double min, double max, List<string> failures)
    {
        if (!(value >= min && value <= max))
        {
            failures.Add($"{key} = '{Num(value)}': must be from {Num(min)} to {Num(max)} seconds.");
        }
    }

    public static void Table(string key, string? table, List<string> failures)
    {
        if (!string.IsNullOrEmpty(table) && !SqlIdentifier.IsValidQualified(table))
        {
            failures.Add($"{key}:Table = '{table}': must be a table name, optionally schema-qualified (letters, digits, '_', '$'; at most 63 characters a part).");
        }
    }

    public static void Column(string key, string? column, List<string> failures)
    {
        if (!SqlIdentifier.IsValid(column))
        {
            failures.Add($"{key} = '{column}': must be a column name (letters, digits, '_', '$'; at most 63 characters).");
        }
    }

    /// <summary>A status column (optional) and the status value that counts as revenue, which needs the column.</summary>
    public static void StatusFilter(string key, string? statusColumn, string? revenueStatus, List<string> failures)
    {
        if (!string.IsNullOrEmpty(statusColumn))
        {
            Column($"{key}:StatusColumn", statusColumn, failures);
        }
        else if (!string.IsNullOrEmpty(revenueStatus))
        {
            failures.Add($"{key}:RevenueStatus = '{revenueStatus}': needs {key}:StatusColumn.");
        }
    }

    public static void LabelName(string key, string name, List<string> failures)
    {
        if (!IsMetricName(name) || name.StartsWith("__", StringComparison.Ordinal))
        {
            failures.Add($"{key} = '{name}': must be a column name usable as a Prometheus name (letters, digits, '_'; not starting with a digit or '__').");
        }
    }

    public static bool IsMetricName(string name) => MetricNamePattern().IsMatch(name);

    /// <summary>A number from <paramref name="min"/> to <paramref name="max"/>; the failure names the key, the value and what it must be.</summary>
    public static void Range(string key, double value, double min, double max, string what, List<string> failures)
    {
        if (!(value >= min && value <= max))
        {
            failures.Add($"{key} = '{Num(value)}': must be {what}.");
        }
    }

    public static string Num(double value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex MetricNamePattern();
}
