using KpiExporter.Tests.Support;
using KpiMonitoring.LocalServers;
using Npgsql;

namespace KpiExporter.Tests.Sources.Database;

/// <summary>
/// One real PostgreSQL server for the database test collection: databases <c>kpi</c> and <c>payments</c>, each with
/// the reference schema (infrastructure/postgres/schema.sql), and a password-authenticated read-only role, as in
/// production (two databases on one server, as the exporter's named targets).
/// Stopped (and its directory deleted) when the collection ends, also when tests failed.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string Database = "kpi";
    public const string SecondDatabase = "payments";
    public const string Reader = "kpi_reader";
    public const string ReaderPassword = "Rd-7f3c9a1e-secret";

    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("the server has not started");

    /// <summary>The exporter's connection string: the read-only role.</summary>
    public string ReaderConnectionString => Server.ConnectionString(Reader, ReaderPassword, Database, pooling: true);

    public string AdminConnectionString => Server.SuperUserConnectionString(Database);

    /// <summary>The exporter's connection string to the second database (<c>payments</c>): the same read-only role.</summary>
    public string SecondReaderConnectionString => Server.ConnectionString(Reader, ReaderPassword, SecondDatabase, pooling: true);

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartNewAsync();
        await using (var postgres = new NpgsqlConnection(Server.SuperUserConnectionString()))
        {
            await postgres.OpenAsync();
            await ExecuteAsync(postgres, $"CREATE ROLE {Reader} LOGIN PASSWORD '{ReaderPassword}'");
        }

        var schema = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "infrastructure", "postgres", "schema.sql"));
        foreach (var database in new[] { Database, SecondDatabase })
        {
            await Server.CreateDatabaseAsync(database);
            await using var connection = new NpgsqlConnection(Server.SuperUserConnectionString(database));
            await connection.OpenAsync();
            await ExecuteAsync(connection, schema);
            await ExecuteAsync(connection, $"GRANT USAGE ON SCHEMA public TO {Reader}; ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {Reader}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {Reader}");
        }
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
    public Task ExecuteAsync(string sql, params object[] parameters) => ExecuteInAsync(Database, sql, parameters);

    /// <summary>Runs SQL as the superuser on <paramref name="database"/>.</summary>
    public async Task ExecuteInAsync(string database, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(Server.SuperUserConnectionString(database));
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
    public Task<string> NewTransactionsTableAsync() => NewTransactionsTableInAsync(Database);

    /// <summary>The same in <paramref name="database"/>.</summary>
    public async Task<string> NewTransactionsTableInAsync(string database)
    {
        var name = "tx_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteInAsync(database, $"CREATE TABLE {name} (LIKE transactions INCLUDING ALL)");
        return name;
    }

    /// <summary>Inserts transactions into <paramref name="table"/> of database <c>kpi</c>.</summary>
    public Task InsertAsync(string table, params Transaction[] rows) => InsertInAsync(Database, table, rows);

    /// <summary>Inserts transactions into <paramref name="table"/> of <paramref name="database"/>.</summary>
    public async Task InsertInAsync(string database, string table, params Transaction[] rows)
    {
        await using var connection = new NpgsqlConnection(Server.SuperUserConnectionString(database));
        await connection.OpenAsync();
        await using var batch = new NpgsqlBatch(connection);
        foreach (var row in rows)
        {
            var command = new NpgsqlBatchCommand($"INSERT INTO {table} (created_at, amount, status, customer_id, currency) VALUES ($1, $2, $3, $4, $5)");
            command.Parameters.Add(new NpgsqlParameter { Value = row.At.ToUniversalTime() });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)row.Amount ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Numeric });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)row.Status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)row.CustomerId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            command.Parameters.Add(new NpgsqlParameter { Value = row.Currency, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Char });
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
public sealed record Transaction(DateTimeOffset At, decimal? Amount, string? Status = "approved", long? CustomerId = 1, string Currency = "BRL");

[CollectionDefinition(Name)]
public sealed class PostgresTestGroup : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
