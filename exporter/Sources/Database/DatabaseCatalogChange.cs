namespace KpiExporter.Sources.Database;

/// <summary>What a reload did to the checks: those built anew (added or changed), those gone, how many were kept as they ran.</summary>
internal sealed record DatabaseCatalogChange(IReadOnlyList<DatabaseCheck> Added, IReadOnlyList<DatabaseCheck> Removed, int Kept);
