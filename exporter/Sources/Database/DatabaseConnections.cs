using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace KpiExporter.Sources.Database;

/// <summary>
/// One <see cref="DatabaseConnection"/> (pool and gate) per configured database, by target name. A configuration
/// reload swaps the set (<see cref="ReplaceAsync"/>): an unchanged target keeps its pool; a removed or changed one is
/// retired, i.e. disposed once the checks running on it have ended.
/// </summary>
internal sealed class DatabaseConnections : IAsyncDisposable
{
    private volatile Dictionary<string, DatabaseConnection> _byName;

    public DatabaseConnections(IOptions<DatabaseOptions> options)
        : this(options.Value)
    {
    }

    public DatabaseConnections(DatabaseOptions options)
    {
        _byName = Open(options);
    }

    /// <summary>Every database, in name order.</summary>
    public IEnumerable<DatabaseConnection> All => _byName.Values.OrderBy(c => c.Name, StringComparer.Ordinal);

    /// <summary>The connection of the database named <paramref name="name"/> (a check's <see cref="DatabaseCheck.Database"/>).</summary>
    public DatabaseConnection this[string name] => _byName[name];

    /// <summary>
    /// The connection now configured for <paramref name="name"/>, counted in (<see cref="DatabaseConnection.ReleaseAsync"/>
    /// counts it out), so a reload that replaces it disposes it only after this run; false when a reload removed
    /// the database (its checks are being stopped).
    /// </summary>
    public bool TryAcquire(string name, [NotNullWhen(true)] out DatabaseConnection? connection)
    {
        while (_byName.TryGetValue(name, out connection))
        {
            if (connection.TryAcquire())
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Opens the pools of <paramref name="options"/> (connection string files are read now; a bad one throws before
    /// anything changes), then swaps: unchanged targets keep their pool, the others' pools are retired.
    /// </summary>
    public async Task<DatabaseConnectionsChange> ReplaceAsync(DatabaseOptions options)
    {
        var opened = Open(options);
        var current = _byName;
        var next = new Dictionary<string, DatabaseConnection>(StringComparer.Ordinal);
        var changed = new List<string>();
        foreach (var (name, connection) in opened)
        {
            if (current.TryGetValue(name, out var old) && old.SameAs(connection))
            {
                next[name] = old;
                await connection.DisposeAsync();
            }
            else
            {
                next[name] = connection;
                changed.Add(name);
            }
        }

        _byName = next;
        var removed = current.Keys.Where(name => !next.ContainsKey(name)).ToList();
        foreach (var (name, old) in current)
        {
            if (!ReferenceEquals(next.GetValueOrDefault(name), old))
            {
                await old.RetireAsync();
            }
        }

        return new DatabaseConnectionsChange(changed, removed);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _byName.Values)
        {
            await connection.DisposeAsync();
        }
    }

    private static Dictionary<string, DatabaseConnection> Open(DatabaseOptions options)
    {
        var opened = new Dictionary<string, DatabaseConnection>(StringComparer.Ordinal);
        try
        {
            foreach (var target in options.ResolvedTargets())
            {
                opened[target.Name] = new DatabaseConnection(target);
            }

            return opened;
        }
        catch
        {
            foreach (var connection in opened.Values)
            {
                connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            throw;
        }
    }
}
