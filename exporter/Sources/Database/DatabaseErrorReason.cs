using System.Net.Sockets;
using Npgsql;

namespace KpiExporter.Sources.Database;

/// <summary>Why a check failed: the <c>reason</c> label of <c>kpi_source_errors_total</c>.</summary>
internal static class DatabaseErrorReason
{
    /// <summary>The query ran past its timeout (server statement timeout or the client's deadline).</summary>
    public const string Timeout = "timeout";

    /// <summary>The server cannot be reached, went away, or refuses connections (down, restarting, too many clients).</summary>
    public const string Connection = "connection";

    /// <summary>The server rejected the user or password.</summary>
    public const string Authentication = "authentication";

    /// <summary>The user may not read the table.</summary>
    public const string Permission = "permission";

    /// <summary>The server rejected the query (unknown table or column, syntax, a type error, ...).</summary>
    public const string Query = "query";

    /// <summary>A custom check returned two rows with the same label values.</summary>
    public const string DuplicateLabels = "duplicate_labels";

    /// <summary>A custom check's result lacks a configured column.</summary>
    public const string MissingColumn = "missing_column";

    /// <summary>A custom check's value column holds something that is not a number.</summary>
    public const string InvalidValue = "invalid_value";

    /// <summary>A custom check returned more rows than its MaxRows.</summary>
    public const string TooManyRows = "too_many_rows";

    /// <summary>Sorts an exception from a check's run into a reason.</summary>
    public static string Of(Exception exception, bool clientTimedOut)
    {
        switch (exception)
        {
            case DatabaseCheckException check:
                return check.Reason;
            case PostgresException pg:
                return OfSqlState(pg.SqlState);
            case OperationCanceledException when clientTimedOut:
            case TimeoutException:
                return Timeout;
        }

        if (exception.InnerException is PostgresException inner)
        {
            return OfSqlState(inner.SqlState);
        }

        if (clientTimedOut || exception.InnerException is TimeoutException)
        {
            return Timeout;
        }

        return exception is NpgsqlException or SocketException or IOException || exception.InnerException is SocketException or IOException
            ? Connection
            : Query;
    }

    private static string OfSqlState(string state) => state switch
    {
        PostgresErrorCodes.QueryCanceled => Timeout,
        PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification => Authentication,
        PostgresErrorCodes.InsufficientPrivilege => Permission,
        PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.InvalidCatalogName => Connection,
        _ when state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal) => Connection,
        _ => Query,
    };
}
