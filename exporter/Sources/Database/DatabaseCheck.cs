using Npgsql;

namespace KpiExporter.Sources.Database;

/// <summary>
/// One database check: the statements it sends for a given moment and how it reads their results into an
/// immutable result. It never opens a connection itself: <see cref="DatabaseCheckRunner"/> runs it inside a
/// read-only transaction with a statement timeout, and <see cref="DatabaseCheckScheduler"/> runs it on its interval.
/// A new check kind is one new subclass and one line in <see cref="DatabaseCheckCatalog"/>.
/// </summary>
internal abstract class DatabaseCheck
{
    protected DatabaseCheck(string kind, string source, TimeSpan interval, TimeSpan timeout)
    {
        Kind = kind;
        Source = source;
        Interval = interval;
        Timeout = timeout;
    }

    /// <summary>The <c>kind</c> label of the source-health metrics (<see cref="DatabaseCheckKind"/>).</summary>
    public string Kind { get; }

    /// <summary>The <c>source</c> label: the configured table or check name.</summary>
    public string Source { get; }

    public TimeSpan Interval { get; }

    public TimeSpan Timeout { get; }

    /// <summary>
    /// The statements for the moment <paramref name="now"/>, in order. Time windows are computed here, in C#, and
    /// passed as parameters: no SQL reads the database's clock, so a fake clock in tests works and each statement
    /// is an index range scan over exactly the window it needs.
    /// </summary>
    public abstract IReadOnlyList<DatabaseStatement> Statements(DateTimeOffset now);

    /// <summary>Reads the result sets of <see cref="Statements"/>, one per statement in order.</summary>
    public abstract Task<DatabaseCheckResult> ReadAsync(NpgsqlDataReader reader, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>One SQL statement with its positional parameters (<c>$1</c>, <c>$2</c>, ...).</summary>
internal sealed record DatabaseStatement(string Sql, IReadOnlyList<NpgsqlParameter> Parameters)
{
    public DatabaseStatement(string sql)
        : this(sql, [])
    {
    }
}

/// <summary>The <c>kind</c> label values of the database checks.</summary>
internal static class DatabaseCheckKind
{
    public const string Freshness = "freshness";
    public const string Volume = "volume";
    public const string Revenue = "revenue";
    public const string RevenueStream = "revenue_stream";
    public const string DataQuality = "data_quality";
    public const string CustomSql = "custom_sql";
}
