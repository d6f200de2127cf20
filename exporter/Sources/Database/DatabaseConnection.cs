using Npgsql;

namespace KpiExporter.Sources.Database;

/// <summary>
/// One database's connection pool (bounded by its <c>MaxPoolSize</c>) and the gate that keeps no more checks
/// querying it at once than the pool has connections, so a busy moment queues in the exporter instead of failing
/// on an exhausted pool. Each target has its own, so a slow or unreachable database holds up only its own checks.
/// </summary>
internal sealed class DatabaseConnection : IAsyncDisposable
{
    private readonly DatabaseConnectionString _connectionString;
    private readonly NpgsqlDataSource _dataSource;

    public DatabaseConnection(DatabaseTarget target)
    {
        Name = target.Name;
        _connectionString = DatabaseConnectionString.Load(target);
        var builder = _connectionString.ForExporter(target.MaxPoolSize);
        _dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
        Gate = new SemaphoreSlim(target.MaxPoolSize, target.MaxPoolSize);
        MaxPoolSize = target.MaxPoolSize;
        Endpoint = $"{builder.Host}:{builder.Port}/{builder.Database} as {builder.Username}";
    }

    /// <summary>The target's name: the <c>database</c> label.</summary>
    public string Name { get; }

    /// <summary>Host, port, database and user, for logs (no password).</summary>
    public string Endpoint { get; }

    public int MaxPoolSize { get; }

    /// <summary>One permit per pooled connection.</summary>
    public SemaphoreSlim Gate { get; }

    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => _dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>Drops the idle pooled connections (after the server went away, so the next run connects afresh).</summary>
    public void ClearPool() => _dataSource.Clear();

    /// <summary>The text with the password cut out.</summary>
    public string Redact(string text) => _connectionString.Redact(text);

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        Gate.Dispose();
    }
}
