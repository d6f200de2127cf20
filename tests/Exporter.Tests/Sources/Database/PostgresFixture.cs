using KpiExporter.Tests.Support;
using KpiMonitoring.LocalServers;
using Npgsql;

namespace KpiExporter.Tests.Sources.Database;

/// <summary>
/// One real PostgreSQL server for the database test collection: database <c>kpi</c> with the reference schema
/// (infrastructure/postgres/schema.sql) and a password-authenticated read-only role, as in production.
/// Stopped (and its directory deleted) when the collection ends, also when tests failed.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string Database = "kpi";
    public const string Reader = "kpi_reader";
    public const string ReaderPassword = "Rd-7f3c9a1e-secret";

    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("the server has not started");

    /// <summary>The exporter's connection string: the read-only role.</summary>
    public string ReaderConnectionString => Server.ConnectionString(Reader, ReaderPassword, Database, pooling: true);

    public string AdminConnectionString => Server.SuperUserConnectionString(Database);

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartNewAsync();
        await using (var postgres = new NpgsqlConnection(Server.SuperUserConnectionString()))
        {
            await postgres.OpenAsync();
            await ExecuteAsync(postgres, $"CREATE DATABASE {Database}");
            await ExecuteAsync(postgres, $"CREATE ROLE {Reader} LOGIN PASSWORD '{ReaderPassword}'");
        }

        await using var kpi = new NpgsqlConnection(AdminConnectionString);
        await kpi.OpenAsync();
        await ExecuteAsync(kpi, await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "infrastructure", "postgres", "schema.sql")));
        await ExecuteAsync(kpi, $"GRANT USAGE ON SCHEMA public TO {Reader}; ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {Reader}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {Reader}");
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Runs SQL as the superuser on database <c>kpi</c>.</summary>
    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of the first row of a query, as the superuser on database <c>kpi</c>.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A new empty table shaped like <c>transactions</c> (same columns and index), readable by the reader role.</summary>
    public async Task<string> NewTransactionsTableAsync()
    {
        var name = "tx_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync($"CREATE TABLE {name} (LIKE transactions INCLUDING ALL)");
        return name;
    }

    /// <summary>Inserts transactions into <paramref name="table"/>.</summary>
    public async Task InsertAsync(string table, params Transaction[] rows)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var batch = new NpgsqlBatch(connection);
        foreach (var row in rows)
        {
            var command = new NpgsqlBatchCommand($"INSERT INTO {table} (created_at, amount, status, customer_id) VALUES ($1, $2, $3, $4)");
            command.Parameters.Add(new NpgsqlParameter { Value = row.At.ToUniversalTime() });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)row.Amount ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Numeric });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)row.Status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)row.CustomerId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>One seeded row of a transactions table.</summary>
public sealed record Transaction(DateTimeOffset At, decimal? Amount, string? Status = "approved", long? CustomerId = 1);

[CollectionDefinition(Name)]
public sealed class PostgresTestGroup : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
