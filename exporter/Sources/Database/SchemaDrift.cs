namespace KpiExporter.Sources.Database;

/// <summary>How a table's columns differ from the expected set: counts of missing, added and retyped columns.</summary>
internal sealed record SchemaDrift(int Missing, int Added, int Retyped)
{
    /// <summary>Compares by column name (case-sensitive, as PostgreSQL stores quoted names) and normalized type.</summary>
    public static SchemaDrift Compare(IReadOnlyList<KeyValuePair<string, string>> expected, IReadOnlyList<SchemaColumn> actual)
    {
        var actualTypes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in actual)
        {
            actualTypes[column.Name] = NormalizeType(column.Type);
        }

        var expectedNames = new HashSet<string>(expected.Select(e => e.Key), StringComparer.Ordinal);
        var missing = 0;
        var retyped = 0;
        foreach (var (name, type) in expected)
        {
            if (!actualTypes.TryGetValue(name, out var actualType))
            {
                missing++;
            }
            else if (!string.Equals(actualType, NormalizeType(type), StringComparison.Ordinal))
            {
                retyped++;
            }
        }

        return new SchemaDrift(missing, actualTypes.Keys.Count(n => !expectedNames.Contains(n)), retyped);
    }

    /// <summary>A type name as format_type prints it: lower case, single spaces, no space after a comma.</summary>
    public static string NormalizeType(string type) =>
        string.Join(' ', type.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)).Replace(", ", ",", StringComparison.Ordinal);
}
