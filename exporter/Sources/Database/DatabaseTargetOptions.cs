namespace KpiExporter.Sources.Database;

/// <summary>
/// One named database the checks can query: <c>Database:Targets:&lt;name&gt;:*</c>. The name is the <c>database</c>
/// label of its checks' metrics and what a check's <c>Database</c> setting refers to. The connection string comes
/// from a file or the environment, never from a file of the repository.
/// </summary>
public sealed class DatabaseTargetOptions
{
    /// <summary>Npgsql connection string (from the environment: <c>Database__Targets__orders__ConnectionString</c>). Never logged.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>File holding the connection string (container secrets, the <c>_FILE</c> convention); read at start.</summary>
    public string? ConnectionStringFile { get; set; }

    /// <summary>Most connections to this database; empty means <see cref="DatabaseOptions.MaxPoolSize"/>.</summary>
    public int? MaxPoolSize { get; set; }
}
