using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using KpiExporter.Exposition;

namespace KpiExporter.Sources.Database;

/// <summary>
/// A check's fixed labels (<c>Database:&lt;Kind&gt;:N:Labels:&lt;name&gt;</c>): validated at start-up, then added to every
/// series of the check by <see cref="DatabaseSeries"/> after <c>database</c>. A name must be a Prometheus label name,
/// not reserved (<c>__</c>), and not one the exporter writes itself: <c>database</c>, the label of any database
/// series (<c>table</c>, <c>window</c>, <c>status</c>, ...), the source-health labels, and the target labels
/// Prometheus adds (<c>instance</c>, <c>job</c>), which would be renamed on ingestion.
/// </summary>
internal static class DatabaseStaticLabels
{
    /// <summary>Every label name a static label may not take, collected from the database series' own families.</summary>
    public static readonly IReadOnlySet<string> Reserved = ReservedNames();

    /// <summary>The labels of <paramref name="check"/>, by name, in the order they are written.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Of(DatabaseCheckOptions check) =>
        check.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).ToList();

    /// <summary>Adds a failure naming the key for each label of <paramref name="check"/> that cannot be used.</summary>
    public static void Validate(DatabaseCheckOptions check, List<string> failures)
    {
        var own = check.OwnLabelNames.ToHashSet(StringComparer.Ordinal);
        foreach (var (name, value) in check.Labels)
        {
            var key = $"{check.Key}:Labels:{name}";
            if (!DatabaseValidation.IsMetricName(name) || name.StartsWith("__", StringComparison.Ordinal))
            {
                failures.Add($"{key}: '{name}' is not a label name: letters, digits and '_', not starting with a digit or '__'.");
            }
            else if (Reserved.Contains(name) || own.Contains(name))
            {
                failures.Add($"{key}: '{name}' is a label the exporter writes itself (or Prometheus adds); choose another name (e.g. team, owner, domain).");
            }

            if (string.IsNullOrEmpty(value))
            {
                failures.Add($"{key}: the value is empty; Prometheus treats an empty label as absent, so give it a value or remove it.");
            }
        }
    }

    // The families are static fields of this assembly's types, which the Native AOT build roots whole
    // (TrimmerRootAssembly in KpiExporter.csproj), so the reflection below sees all of them there too.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "This assembly is rooted (TrimmerRootAssembly).")]
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "This assembly is rooted (TrimmerRootAssembly).")]
    private static HashSet<string> ReservedNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { DatabaseSeries.DatabaseLabel, HourlyRevenueCheck.CurrencyLabel, "kind", "source", "reason", "instance", "job", "le", "quantile" };
        var families = typeof(DatabaseCheck).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(DatabaseCheck).Namespace)
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(f => f.FieldType == typeof(MetricFamily))
            .Select(f => (MetricFamily)f.GetValue(null)!);
        foreach (var family in families)
        {
            names.UnionWith(family.LabelNames);
        }

        return names;
    }
}
