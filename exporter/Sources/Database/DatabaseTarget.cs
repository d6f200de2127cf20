namespace KpiExporter.Sources.Database;

/// <summary>
/// A database the checks run against, resolved from configuration: a named entry of <c>Database:Targets</c>, or
/// the single connection of <c>Database:ConnectionString</c> / <c>Database:ConnectionStringFile</c> (named after the
/// database its connection string names, see <see cref="DatabaseOptions.ResolvedTargets"/>).
/// </summary>
/// <param name="Name">The <c>database</c> label and what checks name in their <c>Database</c> setting.</param>
/// <param name="Key">The configuration key of the connection (<c>Database:Targets:orders</c> or <c>Database</c>), for messages.</param>
/// <param name="ConnectionString">The connection string, when given directly.</param>
/// <param name="ConnectionStringFile">The file holding it, when given so.</param>
/// <param name="MaxPoolSize">Most connections (and so concurrent checks) to this database.</param>
internal sealed record DatabaseTarget(string Name, string Key, string? ConnectionString, string? ConnectionStringFile, int MaxPoolSize)
{
    /// <summary>The key that holds the connection string, for messages (never its value).</summary>
    public string ConnectionKey => string.IsNullOrWhiteSpace(ConnectionStringFile) ? $"{Key}:ConnectionString" : $"{Key}:ConnectionStringFile";

    /// <summary>Where the connection string comes from, for logs and <c>--check-config</c>.</summary>
    public string ConnectionSource => string.IsNullOrWhiteSpace(ConnectionStringFile) ? ConnectionKey : $"file {ConnectionStringFile}";
}
