using KpiExporter.Exposition;
using Npgsql;
using static KpiExporter.Sources.Database.DatabaseValidation;

namespace KpiExporter.Sources.Database;

/// <summary>
/// Schema drift: the table's columns and their types, as <c>format_type</c> prints them, against the configured
/// expected set. Reads the catalog only (<c>pg_attribute</c> of the table <c>to_regclass</c> resolves, with the
/// connection's search_path for an unqualified name; dropped attributes excluded), never the table's rows, so the
/// cost does not depend on the table's size. A table that does not exist has every expected column missing.
/// </summary>
internal sealed class TableSchemaCheck : DatabaseCheck<TableSchemaResult>
{
    public const string KindLabel = "schema";

    // One row per column; the first column says whether the table exists (a missing table gives one row of NULLs).
    private const string Sql =
        "SELECT r.oid IS NOT NULL, a.attname::text, format_type(a.atttypid, a.atttypmod) "
        + "FROM (SELECT to_regclass($1) AS oid) AS r "
        + "LEFT JOIN pg_catalog.pg_attribute AS a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped "
        + "ORDER BY a.attnum";

    private static readonly MetricFamily Present = MetricFamily.Gauge("kpi_table_schema_column_info", "1 for each column the table has, with its type as PostgreSQL's format_type prints it (at most MaxColumns per table: the expected columns first).", "table", "column", "type");
    private static readonly MetricFamily Expected = MetricFamily.Gauge("kpi_table_schema_expected_column_info", "1 for each column the table is expected to have, with its expected type (the check's ExpectedColumns).", "table", "column", "type");
    private static readonly MetricFamily Columns = MetricFamily.Gauge("kpi_table_schema_columns", "Columns the table has (0 when the table does not exist).", "table");
    private static readonly MetricFamily Missing = MetricFamily.Gauge("kpi_table_schema_columns_missing", "Expected columns the table does not have (all of them when the table does not exist).", "table");
    private static readonly MetricFamily Added = MetricFamily.Gauge("kpi_table_schema_columns_added", "Columns the table has that are not among the expected columns.", "table");
    private static readonly MetricFamily Retyped = MetricFamily.Gauge("kpi_table_schema_columns_retyped", "Expected columns the table has with another type than the expected one.", "table");

    private readonly string _table;

    public TableSchemaCheck(TableSchemaCheckOptions options, TimeSpan interval, TimeSpan timeout)
        : base(KindLabel, options.Name, interval, timeout)
    {
        Options = options;
        _table = SqlIdentifier.Quote(options.Table ?? options.Name);
    }

    public TableSchemaCheckOptions Options { get; }

    public override IReadOnlyList<DatabaseStatement> Statements(DateTimeOffset now) =>
        [new(Sql, [DatabaseParameters.Text(_table)])];

    public override async Task<DatabaseCheckResult> ReadAsync(NpgsqlDataReader reader, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var exists = false;
        var columns = new List<TableColumn>();
        while (await reader.ReadAsync(cancellationToken))
        {
            exists = reader.GetBoolean(0);
            if (!reader.IsDBNull(1))
            {
                columns.Add(new TableColumn(reader.GetString(1), reader.GetString(2)));
            }
        }

        return TableSchemaResult.Compare(exists, columns, Options.ExpectedColumns);
    }

    protected override void Collect(MetricFamilies families, TableSchemaResult? last)
    {
        families.Declare(Present);
        foreach (var (column, type) in Options.ExpectedColumns.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            families.Add(Expected, 1, Source, column, type);
        }

        families.Declare(Columns);
        families.Declare(Missing);
        families.Declare(Added);
        families.Declare(Retyped);
        if (last is null)
        {
            return;
        }

        // The expected columns first, so a bound reached by added columns never hides a retyped one.
        var shown = last.Columns
            .OrderBy(c => Options.ExpectedColumns.ContainsKey(c.Name) ? 0 : 1)
            .Take(Options.MaxColumns);
        foreach (var column in shown)
        {
            families.Add(Present, 1, Source, column.Name, column.Type);
        }

        families.Add(Columns, last.Columns.Count, Source);
        families.Add(Missing, last.Missing.Count, Source);
        families.Add(Added, last.Added.Count, Source);
        families.Add(Retyped, last.Retyped.Count, Source);
    }
}

/// <summary>A table whose columns and types must stay as expected: <c>Database:Schemas:N:*</c>.</summary>
public sealed class TableSchemaCheckOptions : DatabaseCheckOptions
{
    /// <summary>The most columns <see cref="MaxColumns"/> may allow: one series per column, so a bound keeps the cardinality low.</summary>
    public const int ColumnLimit = 1000;

    /// <summary>The table, optionally schema-qualified (<c>public.transactions</c>); empty means <see cref="DatabaseCheckOptions.Name"/>.</summary>
    public string? Table { get; set; }

    /// <summary>
    /// Column name to its type as PostgreSQL's <c>format_type</c> prints it (<c>bigint</c>, <c>numeric(12,2)</c>,
    /// <c>text</c>, <c>timestamp with time zone</c>, <c>character(3)</c>): what <c>\d</c> in psql shows.
    /// </summary>
    public Dictionary<string, string> ExpectedColumns { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The most <c>kpi_table_schema_column_info</c> series the table exports (the expected columns first).</summary>
    public int MaxColumns { get; set; } = 100;

    internal override IEnumerable<DatabaseCheck> CreateChecks(DatabaseCheckContext context) =>
        [new TableSchemaCheck(this, context.Interval(this), context.Timeout(this))];

    internal override void Validate(List<string> failures)
    {
        Table(Key, Table, failures);
        Range($"{Key}:MaxColumns", MaxColumns, 1, ColumnLimit, $"a whole number of columns from 1 to {ColumnLimit}", failures);
        if (ExpectedColumns.Count == 0)
        {
            failures.Add($"{Key}:ExpectedColumns ('{Name}'): no columns; list every column with its type as format_type prints it (e.g. ExpectedColumns:id = bigint).");
        }
        else if (ExpectedColumns.Count > MaxColumns)
        {
            failures.Add($"{Key}:ExpectedColumns ('{Name}'): {ExpectedColumns.Count} columns, more than {Key}:MaxColumns ('{MaxColumns}'); raise MaxColumns (at most {ColumnLimit}).");
        }

        foreach (var (column, type) in ExpectedColumns)
        {
            var key = $"{Key}:ExpectedColumns:{column}";
            if (!SqlIdentifier.IsValid(column))
            {
                failures.Add($"{key}: '{column}' must be a column name (letters, digits, '_', '$'; at most 63 characters).");
            }

            if (string.IsNullOrWhiteSpace(type))
            {
                failures.Add($"{key} = '{type}': the type is empty; write it as format_type prints it (e.g. bigint, numeric(12,2), timestamp with time zone).");
            }
            else if (type != type.Trim() || type.Length > 200)
            {
                failures.Add($"{key} = '{type}': must be a type as format_type prints it, without surrounding spaces (at most 200 characters).");
            }
            else if (ColumnTypeNames.Canonical(type) is { } canonical)
            {
                failures.Add($"{key} = '{type}': format_type prints this type as '{canonical}'; write that, or every run reports the column retyped.");
            }
        }
    }
}

/// <summary>A column of the table as the catalog has it.</summary>
internal sealed record TableColumn(string Name, string Type);

/// <summary>The table's columns (in table order) and how they differ from the expected set.</summary>
internal sealed record TableSchemaResult(bool Exists, IReadOnlyList<TableColumn> Columns, IReadOnlyList<string> Missing, IReadOnlyList<string> Added, IReadOnlyList<string> Retyped) : DatabaseCheckResult
{
    public override long Rows => Columns.Count;

    public static TableSchemaResult Compare(bool exists, IReadOnlyList<TableColumn> columns, IReadOnlyDictionary<string, string> expected)
    {
        var present = columns.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
        var missing = expected.Keys.Where(c => !present.ContainsKey(c)).Order(StringComparer.Ordinal).ToList();
        var added = columns.Select(c => c.Name).Where(c => !expected.ContainsKey(c)).ToList();
        var retyped = expected.Where(e => present.TryGetValue(e.Key, out var type) && !string.Equals(type, e.Value, StringComparison.Ordinal))
            .Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
        return new TableSchemaResult(exists, columns, missing, added, retyped);
    }
}
