using System.Collections.Concurrent;
using System.Data;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KpiExporter.Sources.Database;

/// <summary>
/// Runs one check once: waits for a free connection, opens a read-only transaction with a server-side statement
/// timeout, sends the check's statements in one round trip, and hands the result to the check (its series show it
/// from the next scrape) and to the source health. The client gives up a little after the statement timeout (a
/// hung network, a stuck connect). A failure is sorted into a reason, logged without the password, and leaves
/// every other check alone.
/// </summary>
internal sealed class DatabaseCheckRunner
{
    /// <summary>How much longer than the statement timeout the client waits before it cancels on its own.</summary>
    public static readonly TimeSpan ClientGrace = TimeSpan.FromSeconds(2);

    private const string Setup = "SELECT set_config('transaction_read_only', 'on', true), set_config('statement_timeout', $1, true)";

    private readonly DatabaseConnections _connections;
    private readonly SourceHealthRegistry _health;
    private readonly TimeProvider _time;
    private readonly ILogger<DatabaseCheckRunner> _logger;
    private readonly ConcurrentDictionary<(string Kind, string Source), int> _failures = new();

    public DatabaseCheckRunner(DatabaseConnections connections, SourceHealthRegistry health, TimeProvider time, ILogger<DatabaseCheckRunner> logger)
    {
        _connections = connections;
        _health = health;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Runs <paramref name="check"/> and records the outcome; returns the result, or null when it failed (or a
    /// configuration reload has just removed its database: the check is being stopped).
    /// </summary>
    public async Task<DatabaseCheckResult?> RunAsync(DatabaseCheck check, CancellationToken stoppingToken)
    {
        // Counted in, so a reload that replaces this database's pool disposes it only after this run.
        if (!_connections.TryAcquire(check.Database, out var connection))
        {
            return null;
        }

        try
        {
            await connection.Gate.WaitAsync(stoppingToken);
            try
            {
                return await RunLockedAsync(check, connection, stoppingToken);
            }
            finally
            {
                connection.Gate.Release();
            }
        }
        finally
        {
            await connection.ReleaseAsync();
        }
    }

    private async Task<DatabaseCheckResult?> RunLockedAsync(DatabaseCheck check, DatabaseConnection connection, CancellationToken stoppingToken)
    {
        var key = (check.Kind, check.Source);
        var started = _time.GetTimestamp();
        using var deadline = new CancellationTokenSource(check.Timeout + ClientGrace, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, deadline.Token);
        try
        {
            var result = await QueryAsync(check, connection, _time.GetUtcNow(), linked.Token);
            var elapsed = _time.GetElapsedTime(started);
            check.Accept(result);
            _health.Succeeded(check.Kind, check.Source, elapsed, result.Rows, check.Database);
            if (_failures.TryRemove(key, out var failures))
            {
                DatabaseLog.Recovered(_logger, check.Kind, check.Source, failures);
            }

            DatabaseLog.Succeeded(_logger, check.Kind, check.Source, result.Rows, elapsed.TotalMilliseconds);
            return result;
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            var elapsed = _time.GetElapsedTime(started);
            var reason = DatabaseErrorReason.Of(ex, deadline.IsCancellationRequested);
            var detail = connection.Redact(Describe(ex, reason, check));
            _health.Failed(check.Kind, check.Source, elapsed, reason, $"{reason}: {detail}", check.Database);
            if (reason is DatabaseErrorReason.Connection or DatabaseErrorReason.Authentication)
            {
                connection.ClearPool();
            }

            var failures = _failures.AddOrUpdate(key, 1, (_, n) => n + 1);
            if (failures == 1)
            {
                DatabaseLog.Failed(_logger, check.Database, check.Kind, check.Source, elapsed.TotalMilliseconds, reason, detail);
            }
            else
            {
                DatabaseLog.StillFailing(_logger, check.Kind, check.Source, failures, reason, detail);
            }

            return null;
        }
    }

    /// <summary>The check's statements in a read-only transaction with a statement timeout, in one round trip.</summary>
    private static async Task<DatabaseCheckResult> QueryAsync(DatabaseCheck check, DatabaseConnection database, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            Timeout = (int)Math.Ceiling((check.Timeout + ClientGrace).TotalSeconds),
        };
        var timeoutMs = Math.Ceiling(check.Timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(Setup) { Parameters = { DatabaseParameters.Text(timeoutMs) } });
        foreach (var statement in check.Statements(now))
        {
            var command = new NpgsqlBatchCommand(statement.Sql);
            command.Parameters.AddRange(statement.Parameters.ToArray());
            batch.BatchCommands.Add(command);
        }

        DatabaseCheckResult result;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken);
            result = await check.ReadAsync(reader, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static string Describe(Exception ex, string reason, DatabaseCheck check) => reason switch
    {
        DatabaseErrorReason.Timeout when ex is OperationCanceledException =>
            $"no answer within {check.Timeout.TotalSeconds:0.###} s (+{ClientGrace.TotalSeconds:0} s grace); the client gave up",
        DatabaseErrorReason.Timeout when ex is PostgresException or { InnerException: PostgresException } =>
            $"{Message(ex)} (statement timeout {check.Timeout.TotalSeconds:0.###} s)",
        _ => Message(ex),
    };

    private static string Message(Exception ex)
    {
        var pg = ex as PostgresException ?? ex.InnerException as PostgresException;
        if (pg is not null)
        {
            return pg.MessageText is { Length: > 0 } text ? $"{pg.SqlState}: {text}" : pg.Message;
        }

        return ex.InnerException is { } inner && !ex.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{ex.Message} ({inner.Message})"
            : ex.Message;
    }
}
