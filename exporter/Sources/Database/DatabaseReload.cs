using Microsoft.Extensions.Logging;

namespace KpiExporter.Sources.Database;

/// <summary>
/// Applies a reloaded, already validated <see cref="DatabaseOptions"/> to the running database sources: first the
/// pools (so a new or changed target is there before its checks run; a connection string file that cannot be read
/// throws before anything changed), then the catalog (unchanged checks keep running with their last results, the
/// scheduler stops the removed ones and starts the new), then the health series of the checks that are gone.
/// </summary>
internal sealed class DatabaseReload
{
    private readonly DatabaseCheckCatalog _catalog;
    private readonly DatabaseConnections _connections;
    private readonly SourceHealthRegistry _health;
    private readonly ILogger<DatabaseReload> _logger;

    public DatabaseReload(DatabaseCheckCatalog catalog, DatabaseConnections connections, SourceHealthRegistry health, ILogger<DatabaseReload> logger)
    {
        _catalog = catalog;
        _connections = connections;
        _health = health;
        _logger = logger;
    }

    public async Task ApplyAsync(DatabaseOptions options)
    {
        var databases = await _connections.ReplaceAsync(options);
        var change = _catalog.Replace(options);
        var present = _catalog.Checks.Select(c => (c.Kind, c.Source)).ToHashSet();
        foreach (var gone in change.Removed.Select(c => (c.Kind, c.Source)).Distinct().Where(k => !present.Contains(k)))
        {
            _health.Remove(gone.Kind, gone.Source);
        }

        var changed = Names(databases.Changed);
        var removed = Names(databases.Removed);
        DatabaseLog.Reloaded(_logger, _catalog.Checks.Count, change.Kept, change.Added.Count, change.Removed.Count, changed, removed);
    }

    private static string Names(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);
}
