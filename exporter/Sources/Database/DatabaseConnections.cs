using Microsoft.Extensions.Options;

namespace KpiExporter.Sources.Database;

/// <summary>One <see cref="DatabaseConnection"/> (pool and gate) per configured database, by target name.</summary>
internal sealed class DatabaseConnections : IAsyncDisposable
{
    private readonly Dictionary<string, DatabaseConnection> _byName;

    public DatabaseConnections(IOptions<DatabaseOptions> options)
        : this(options.Value)
    {
    }

    public DatabaseConnections(DatabaseOptions options)
    {
        _byName = options.ResolvedTargets().ToDictionary(t => t.Name, t => new DatabaseConnection(t), StringComparer.Ordinal);
    }

    /// <summary>Every database, in name order.</summary>
    public IEnumerable<DatabaseConnection> All => _byName.Values.OrderBy(c => c.Name, StringComparer.Ordinal);

    /// <summary>The connection of the database named <paramref name="name"/> (a check's <see cref="DatabaseCheck.Database"/>).</summary>
    public DatabaseConnection this[string name] => _byName[name];

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _byName.Values)
        {
            await connection.DisposeAsync();
        }
    }
}
