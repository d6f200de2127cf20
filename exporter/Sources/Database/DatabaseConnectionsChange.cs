namespace KpiExporter.Sources.Database;

/// <summary>What a reload did to the databases: targets added or with a new connection, and targets gone (both by name).</summary>
internal sealed record DatabaseConnectionsChange(IReadOnlyList<string> Changed, IReadOnlyList<string> Removed);
