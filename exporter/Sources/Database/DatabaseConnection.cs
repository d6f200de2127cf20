using Microsoft.Extensions.Options;
using Npgsql;

namespace KpiExporter.Sources.Database;

/// <summary>
/// The exporter's one connection pool (bounded by <c>Database:MaxPoolSize</c>) and the gate that keeps no more
/// checks querying at once than the pool has connections, so a busy moment queues in the exporter instead of
/// failing on an exhausted pool.
/// </summary>
internal sealed class DatabaseConnection : IAsyncDisposable
{
    private readonly DatabaseConnectionString _connectionString;
    private readonly NpgsqlDataSource _dataSource;

    public DatabaseConnection(IOptions<DatabaseOptions> options)
    {
        var settings = options.Value;
        _connectionString = DatabaseConnectionString.Load(settings);
        var builder = _connectionString.ForExporter(settings.MaxPoolSize);
        _dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
        Gate = new SemaphoreSlim(settings.MaxPoolSize, settings.MaxPoolSize);
        MaxPoolSize = settings.MaxPoolSize;
        Endpoint = $"{builder.Host}:{builder.Port}/{builder.Database} as {builder.Username}";
    }

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
