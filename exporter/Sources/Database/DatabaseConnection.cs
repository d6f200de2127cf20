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
    private readonly string _identity;
    private readonly Lock _lock = new();
    private int _users;
    private bool _retired;
    private bool _disposed;

    public DatabaseConnection(DatabaseTarget target)
    {
        Name = target.Name;
        _connectionString = DatabaseConnectionString.Load(target);
        var builder = _connectionString.ForExporter(target.MaxPoolSize);
        _identity = builder.ConnectionString;
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

    /// <summary>Whether <paramref name="other"/> connects the same way (same connection string and pool size): a reload keeps this pool then.</summary>
    public bool SameAs(DatabaseConnection other) => _identity == other._identity && MaxPoolSize == other.MaxPoolSize;

    /// <summary>Counts a run in; false once the connection is retired (the caller takes the one now configured).</summary>
    public bool TryAcquire()
    {
        lock (_lock)
        {
            if (_retired)
            {
                return false;
            }

            _users++;
            return true;
        }
    }

    /// <summary>Counts a run out; the last run out of a retired connection disposes it.</summary>
    public ValueTask ReleaseAsync()
    {
        lock (_lock)
        {
            _users--;
            if (!_retired || _users > 0)
            {
                return ValueTask.CompletedTask;
            }
        }

        return DisposeAsync();
    }

    /// <summary>Takes no more runs and disposes the pool once the runs in flight have ended (at once when none is).</summary>
    public ValueTask RetireAsync()
    {
        lock (_lock)
        {
            _retired = true;
            if (_users > 0)
            {
                return ValueTask.CompletedTask;
            }
        }

        return DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _dataSource.DisposeAsync();
        Gate.Dispose();
    }
}
