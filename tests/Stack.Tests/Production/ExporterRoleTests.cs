using System.Globalization;
using KpiMonitoring.LocalServers;
using Npgsql;

namespace KpiMonitoring.Stack.Tests.Production;

/// <summary>
/// infrastructure/postgres/exporter-role.sql through psql against a real PostgreSQL: the role reads the listed
/// tables and nothing else, cannot write (even with read-only turned off), cannot create, and has a connection limit.
/// </summary>
public sealed class ExporterRoleTests : IClassFixture<ExporterRoleTests.Database>
{
    private const string Password = "Gd-3e1f-secret";
    private readonly Database _db;

    public ExporterRoleTests(Database db) => _db = db;

    [Fact]
    public async Task The_role_reads_the_listed_tables_only()
    {
        await using var exporter = await _db.OpenAsExporterAsync();

        (await ScalarAsync(exporter, "SELECT count(*) FROM transactions")).ShouldBe(0L);
        (await ScalarAsync(exporter, "SELECT count(*) FROM sales.orders")).ShouldBe(0L);
        (await DeniedAsync(exporter, "SELECT count(*) FROM customers_pii")).SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
        (await DeniedAsync(exporter, "SELECT count(*) FROM created_later")).SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
    }

    [Fact]
    public async Task The_role_cannot_write_or_create_even_with_read_only_turned_off()
    {
        await using var exporter = await _db.OpenAsExporterAsync();

        (await ScalarAsync(exporter, "SHOW default_transaction_read_only")).ShouldBe("on");
        (await DeniedAsync(exporter, "INSERT INTO transactions (amount) VALUES (1)")).SqlState.ShouldBe(PostgresErrorCodes.ReadOnlySqlTransaction);
        await ScalarAsync(exporter, "SET default_transaction_read_only = off");
        (await DeniedAsync(exporter, "INSERT INTO transactions (amount) VALUES (1)")).SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
        (await DeniedAsync(exporter, "DELETE FROM transactions")).SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
        (await DeniedAsync(exporter, "CREATE TABLE mine (x int)")).SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
    }

    [Fact]
    public async Task The_role_has_the_connection_limit_it_was_given()
    {
        var open = new List<NpgsqlConnection>();
        try
        {
            for (var i = 0; i < Database.ConnectionLimit; i++)
            {
                open.Add(await _db.OpenAsExporterAsync());
            }

            var refused = await Should.ThrowAsync<PostgresException>(_db.OpenAsExporterAsync);
            refused.SqlState.ShouldBe(PostgresErrorCodes.TooManyConnections);
        }
        finally
        {
            foreach (var connection in open)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_table_that_does_not_exist_stops_the_script_naming_it()
    {
        var run = await _db.RunScriptAsync("transactions, no_such_table", "kpi");

        run.ExitCode.ShouldNotBe(0);
        run.Output.ShouldContain("exporter-role.sql: table no_such_table does not exist (variable tables)");
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static Task<PostgresException> DeniedAsync(NpgsqlConnection connection, string sql) =>
        Should.ThrowAsync<PostgresException>(() => ScalarAsync(connection, sql));

    /// <summary>
    /// Database <c>kpi</c> with the reference schema, a table the exporter must not read (<c>customers_pii</c>), one
    /// in another schema it must read (<c>sales.orders</c>), the role made by the script, then a table created after it.
    /// </summary>
    public sealed class Database : IAsyncLifetime
    {
        public const int ConnectionLimit = 3;

        private PostgresServer? _server;

        private PostgresServer Server => _server ?? throw new InvalidOperationException("the server has not started");

        public async Task InitializeAsync()
        {
            _server = await PostgresServer.StartNewAsync();
            await ExecuteAsync(Server.SuperUserConnectionString(), "CREATE DATABASE kpi");
            var schema = await PsqlAsync("-f", Path.Combine(RepoPaths.Root, "infrastructure", "postgres", "schema.sql"));
            schema.ExitCode.ShouldBe(0, schema.Output);
            await ExecuteAsync(Server.SuperUserConnectionString("kpi"), "CREATE TABLE customers_pii (email text); CREATE SCHEMA sales; CREATE TABLE sales.orders (id int)");
            var role = await RunScriptAsync("transactions, sales.orders", "kpi");
            role.ExitCode.ShouldBe(0, role.Output);
            await ExecuteAsync(Server.SuperUserConnectionString("kpi"), "CREATE TABLE created_later (x int)");
        }

        public async Task<NpgsqlConnection> OpenAsExporterAsync()
        {
            var connection = new NpgsqlConnection(Server.ConnectionString("kpi_exporter", Password, "kpi"));
            try
            {
                await connection.OpenAsync();
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }

            return connection;
        }

        public Task<CommandResult> RunScriptAsync(string tables, string database) =>
            PsqlAsync(
                "-d", database, "-v", $"password={Password}", "-v", $"tables={tables}",
                "-v", $"connection_limit={ConnectionLimit.ToString(CultureInfo.InvariantCulture)}",
                "-f", Path.Combine(RepoPaths.Root, "infrastructure", "postgres", "exporter-role.sql"));

        public async Task DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }

        private Task<CommandResult> PsqlAsync(params string[] args) =>
            Command.RunAsync(
                "psql",
                ["-h", Server.Host, "-p", Server.Port.ToString(CultureInfo.InvariantCulture), "-U", PostgresServer.SuperUser, "-d", "kpi", "-v", "ON_ERROR_STOP=1", .. args],
                new Dictionary<string, string> { ["PGPASSWORD"] = Server.SuperPassword },
                TimeSpan.FromMinutes(1));

        private static async Task ExecuteAsync(string connectionString, string sql)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
