namespace KpiExporter.Configuration;

/// <summary>
/// The PostgreSQL sources: configuration section <c>Database</c>. With neither <see cref="ConnectionString"/> nor
/// <see cref="ConnectionStringFile"/> set, the database sources are off. Documented in infrastructure/postgres/README.md.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Npgsql connection string. Never logged; prefer <see cref="ConnectionStringFile"/> for the password.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>File holding the connection string (container secrets, the <c>_FILE</c> convention); read at start.</summary>
    public string? ConnectionStringFile { get; set; }

    /// <summary>IANA time zone whose midnight starts the day (volume) and whose hours align the revenue windows.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Most connections the exporter holds open, and so the most checks that query at once.</summary>
    public int MaxPoolSize { get; set; } = 4;

    /// <summary>Default seconds between two runs of a check.</summary>
    public double IntervalSeconds { get; set; } = 30;

    /// <summary>Default seconds a check's query may run (server statement timeout; the client gives up shortly after).</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Spread the first run of the checks over their first interval instead of starting all at once.</summary>
    public bool StaggerStart { get; set; } = true;

    /// <summary>Freshness and volume, per table.</summary>
    public List<TableCheckOptions> Tables { get; set; } = [];

    /// <summary>Hourly revenue, per transactions table.</summary>
    public List<RevenueCheckOptions> Revenue { get; set; } = [];

    /// <summary>Revenue streams watched in minutes: newest sale, trailing counts, expected rate from past weeks.</summary>
    public List<RevenueStreamCheckOptions> Streams { get; set; } = [];

    /// <summary>Negative amounts and NULLs in required columns, per table.</summary>
    public List<DataQualityCheckOptions> DataQuality { get; set; } = [];

    /// <summary>Users' own KPIs: SQL that returns value and label columns.</summary>
    public List<CustomSqlCheckOptions> CustomChecks { get; set; } = [];

    /// <summary>Whether a connection is configured, i.e. the database sources are on.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(ConnectionStringFile);

    public int CheckCount =>
        Tables.Sum(t => (t.Freshness ? 1 : 0) + (t.Volume ? 1 : 0)) + Revenue.Count + Streams.Count + DataQuality.Count + CustomChecks.Count;
}

/// <summary>Settings every check has: how often it runs and how long its query may take.</summary>
public abstract class DatabaseCheckOptions
{
    /// <summary>The logical name: the <c>table</c> label and the <c>source</c> of the health metrics.</summary>
    public string Name { get; set; } = "";

    /// <summary>Seconds between runs; empty means <see cref="DatabaseOptions.IntervalSeconds"/>.</summary>
    public double? IntervalSeconds { get; set; }

    /// <summary>Query timeout in seconds; empty means <see cref="DatabaseOptions.TimeoutSeconds"/>.</summary>
    public double? TimeoutSeconds { get; set; }
}

/// <summary>A table whose newest row (freshness) and rows today (volume) are watched: <c>Database:Tables:N:*</c>.</summary>
public sealed class TableCheckOptions : DatabaseCheckOptions
{
    /// <summary>The table, optionally schema-qualified (<c>public.transactions</c>); empty means <see cref="DatabaseCheckOptions.Name"/>.</summary>
    public string? Table { get; set; }

    /// <summary>A <c>timestamptz</c> column with an index (the row's creation time).</summary>
    public string TimestampColumn { get; set; } = "created_at";

    public bool Freshness { get; set; } = true;

    public bool Volume { get; set; } = true;

    public double StaleWarningSeconds { get; set; } = 43200;

    public double StaleCriticalSeconds { get; set; } = 86400;

    /// <summary>Local hour of the day (0-24, fractions allowed) from which zero rows today is alarming.</summary>
    public double RowsExpectedAfterHour { get; set; } = 6;
}

/// <summary>Hourly revenue of a transactions table: <c>Database:Revenue:N:*</c>.</summary>
public sealed class RevenueCheckOptions : DatabaseCheckOptions
{
    public string? Table { get; set; }

    public string TimestampColumn { get; set; } = "created_at";

    public string AmountColumn { get; set; } = "amount";

    /// <summary>The status column; empty means the table has none (no counts by status, every row is revenue).</summary>
    public string? StatusColumn { get; set; } = "status";

    /// <summary>The status value that counts as revenue (e.g. <c>approved</c>); empty means every row counts.</summary>
    public string? RevenueStatus { get; set; }

    /// <summary>Most statuses exported by <c>kpi_revenue_last_hour_status_transactions</c> (the most frequent ones).</summary>
    public int MaxStatuses { get; set; } = 20;
}

/// <summary>Data-quality counts over a recent window: <c>Database:DataQuality:N:*</c>.</summary>
public sealed class DataQualityCheckOptions : DatabaseCheckOptions
{
    public string? Table { get; set; }

    public string TimestampColumn { get; set; } = "created_at";

    /// <summary>Column whose negative values are counted; empty means no negative-amount count.</summary>
    public string? AmountColumn { get; set; } = "amount";

    /// <summary>Columns that must not be NULL; each gets a <c>kpi_data_quality_null_rows{column}</c> series.</summary>
    public List<string> RequiredColumns { get; set; } = [];

    /// <summary>How far back from now the rows are checked, in seconds.</summary>
    public double WindowSeconds { get; set; } = 3600;
}

/// <summary>A user's own KPI query: <c>Database:CustomChecks:N:*</c>.</summary>
public sealed class CustomSqlCheckOptions : DatabaseCheckOptions
{
    /// <summary>The query. Runs in a read-only transaction; one result row per series.</summary>
    public string Sql { get; set; } = "";

    /// <summary>Numeric result columns; one metric each (<c>kpi_custom_NAME</c>, or <c>kpi_custom_NAME_COLUMN</c> with several).</summary>
    public List<string> ValueColumns { get; set; } = [];

    /// <summary>Result columns whose text becomes a label of the same name.</summary>
    public List<string> LabelColumns { get; set; } = [];

    /// <summary>HELP text of the metric(s).</summary>
    public string? Help { get; set; }

    /// <summary>Most result rows accepted; more is an error (<c>too_many_rows</c>), a guard against unbounded labels.</summary>
    public int MaxRows { get; set; } = 1000;

    /// <summary>The value columns, <c>value</c> when none is configured.</summary>
    public IReadOnlyList<string> EffectiveValueColumns => ValueColumns.Count == 0 ? ["value"] : ValueColumns;

    /// <summary>The metric name for each value column.</summary>
    public IReadOnlyList<string> MetricNames =>
        EffectiveValueColumns.Count == 1
            ? [$"kpi_custom_{Name}"]
            : EffectiveValueColumns.Select(c => $"kpi_custom_{Name}_{c}").ToList();
}
