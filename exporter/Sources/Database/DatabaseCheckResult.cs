namespace KpiExporter.Sources.Database;

/// <summary>What one successful run of a check found. Immutable: the check's series are rendered from it.</summary>
internal abstract record DatabaseCheckResult
{
    /// <summary>Result rows read (<c>kpi_source_rows</c>).</summary>
    public abstract long Rows { get; }
}
