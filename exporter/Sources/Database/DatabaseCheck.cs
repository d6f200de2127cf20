using KpiExporter.Exposition;
using Npgsql;

namespace KpiExporter.Sources.Database;

/// <summary>
/// One database check: the statements it sends for a given moment, how it reads their results into an immutable
/// result, and how it renders its series from its last good result (its snapshot). It never opens a connection
/// itself: <see cref="DatabaseCheckRunner"/> runs it inside a read-only transaction with a statement timeout, and
/// <see cref="DatabaseCheckScheduler"/> runs it on its interval. A new kind of check is one file (its options,
/// result and check) and one line in <see cref="DatabaseCheckSections"/>.
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

    /// <summary>The <c>kind</c> label of the source-health metrics (<c>freshness</c>, <c>revenue</c>, ...).</summary>
    public string Kind { get; }

    /// <summary>The <c>source</c> label: the configured table or check name.</summary>
    public string Source { get; }

    /// <summary>
    /// The database (target name) the check queries: the <c>database</c> label of its series, added to all of them
    /// by <see cref="DatabaseSeries"/>. Set by <see cref="DatabaseCheckCatalog"/> when it builds the check.
    /// </summary>
    public string Database { get; private set; } = "";

    /// <summary>The labels <see cref="DatabaseSeries"/> puts first on every series: <c>database</c>, then the entry's static labels by name.</summary>
    public string[] CommonLabelNames { get; private set; } = [];

    /// <inheritdoc cref="CommonLabelNames"/>
    public string[] CommonLabelValues { get; private set; } = [];

    /// <summary>What the check was built from (<see cref="DatabaseCheckFingerprint"/>): a reload keeps the check while it is unchanged.</summary>
    public string Fingerprint { get; internal set; } = "";

    /// <summary>Places the check on its database, with its entry's static labels (<c>Labels:team=payments</c>).</summary>
    internal void Place(string database, IReadOnlyList<KeyValuePair<string, string>> staticLabels)
    {
        Database = database;
        CommonLabelNames = [DatabaseSeries.DatabaseLabel, .. staticLabels.Select(l => l.Key)];
        CommonLabelValues = [database, .. staticLabels.Select(l => l.Value)];
    }

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

    /// <summary>Keeps <paramref name="result"/> as the last good result: the series show it from the next scrape on.</summary>
    public abstract void Accept(DatabaseCheckResult result);

    /// <summary>
    /// Adds this check's series to the scrape: its configured thresholds always, its measured values once a run
    /// has succeeded (kept while later runs fail; <c>kpi_source_up</c> says so).
    /// </summary>
    public abstract void Collect(MetricFamilies families);

    /// <summary>A Unix timestamp in seconds, as the metrics carry it.</summary>
    protected static double Seconds(DateTimeOffset instant) => TextFormat.UnixSeconds(instant);
}

/// <summary>A check whose results are <typeparamref name="TResult"/>; keeps the last good one.</summary>
internal abstract class DatabaseCheck<TResult> : DatabaseCheck
    where TResult : DatabaseCheckResult
{
    private TResult? _last;

    protected DatabaseCheck(string kind, string source, TimeSpan interval, TimeSpan timeout)
        : base(kind, source, interval, timeout)
    {
    }

    /// <summary>The last good result, or null before the first success.</summary>
    public TResult? Last => Volatile.Read(ref _last);

    public sealed override void Accept(DatabaseCheckResult result) => Volatile.Write(ref _last, (TResult)result);

    public sealed override void Collect(MetricFamilies families) => Collect(families, Last);

    /// <summary>Adds the series: thresholds always, values from <paramref name="last"/> when there is one.</summary>
    protected abstract void Collect(MetricFamilies families, TResult? last);
}

/// <summary>One SQL statement with its positional parameters (<c>$1</c>, <c>$2</c>, ...).</summary>
internal sealed record DatabaseStatement(string Sql, IReadOnlyList<NpgsqlParameter> Parameters)
{
    public DatabaseStatement(string sql)
        : this(sql, [])
    {
    }
}
