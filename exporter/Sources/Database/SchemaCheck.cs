using KpiExporter.Exposition;
using Npgsql;
using static KpiExporter.Sources.Database.DatabaseValidation;

namespace KpiExporter.Sources.Database;

/// <summary>
/// Schema drift: a table's columns and their types, read from the catalog (<c>pg_attribute</c>, never the table's
/// rows, so its cost does not depend on the table's size), against the configured expected set. Both sets are
/// served as info series, so the rules can name each column that was dropped, added or retyped, with the expected
/// and the actual type. The table is resolved like every other check's (search_path unless schema-qualified); a
/// table that does not exist reads as no columns, so every expected column is missing. The expected set is served
/// only once the catalog has been read: a check that never succeeded cannot look like a table with no columns.
/// </summary>
internal sealed class SchemaCheck : DatabaseCheck<SchemaResult>
{
    public const string KindLabel = "schema";

    private const string Sql =
        "SELECT t.oid IS NOT NULL, a.attname::text, format_type(a.atttypid, a.atttypmod) "
        + "FROM (SELECT to_regclass($1) AS oid) AS t "
        + "LEFT JOIN pg_attribute AS a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped "
        + "ORDER BY a.attnum";

    private static readonly MetricFamily Present = MetricFamily.Gauge("kpi_table_schema_column_info", "A column of the table as the catalog has it now, with its type as format_type prints it (value 1; at most MaxColumns columns, in table order).", "table", "column", "type");
    private static readonly MetricFamily Expected = MetricFamily.Gauge("kpi_table_schema_expected_column_info", "A column the table is configured to have, with its expected type (value 1; served once the catalog has been read).", "table", "column", "type");
    private static readonly MetricFamily Exists = MetricFamily.Gauge("kpi_table_schema_table_exists", "1 when the table exists, 0 when the catalog has no such table.", "table");
    private static readonly MetricFamily Columns = MetricFamily.Gauge("kpi_table_schema_columns", "Columns of the table as the catalog has it now (all of them, also beyond MaxColumns).", "table");
    private static readonly MetricFamily Drift = MetricFamily.Gauge("kpi_table_schema_drift_columns", "Columns that differ from the expected set: missing (expected, not in the table), added (in the table, not expected), retyped (in both with another type).", "table", "change");

    private readonly string _table;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _expected;

    public SchemaCheck(SchemaCheckOptions options, TimeSpan interval, TimeSpan timeout)
        : base(KindLabel, options.Name, interval, timeout)
    {
        Options = options;
        _table = SqlIdentifier.Quote(options.Table ?? options.Name);
        _expected = options.NormalizedExpectedColumns();
    }

    public SchemaCheckOptions Options { get; }

    public override IReadOnlyList<DatabaseStatement> Statements(DateTimeOffset now) =>
        [new(Sql, [DatabaseParameters.Text(_table)])];

    public override async Task<DatabaseCheckResult> ReadAsync(NpgsqlDataReader reader, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var exists = false;
        var columns = new List<SchemaColumn>();
        while (await reader.ReadAsync(cancellationToken))
        {
            exists = reader.GetBoolean(0);
            if (!await reader.IsDBNullAsync(1, cancellationToken))
            {
                columns.Add(new SchemaColumn(reader.GetString(1), reader.GetString(2)));
            }
        }

        return new SchemaResult(Source, exists, columns, SchemaDrift.Compare(_expected, columns));
    }

    protected override void Collect(MetricFamilies families, SchemaResult? last)
    {
        families.Declare(Present);
        families.Declare(Expected);
        families.Declare(Exists);
        families.Declare(Columns);
        families.Declare(Drift);
        if (last is null)
        {
            return;
        }

        families.Add(Exists, last.Exists ? 1 : 0, Source);
        families.Add(Columns, last.Columns.Count, Source);
        // Every expected column that is there, then the others in table order, up to MaxColumns in all: a table
        // that grew many columns cannot push an expected one out of the series (and make it look dropped).
        var expected = Options.ExpectedColumns;
        var others = Options.MaxColumns - last.Columns.Count(c => expected.ContainsKey(c.Name));
        foreach (var column in last.Columns.Where(c => expected.ContainsKey(c.Name) || others-- > 0))
        {
            families.Add(Present, 1, Source, column.Name, SchemaDrift.NormalizeType(column.Type));
        }

        foreach (var (column, type) in _expected)
        {
            families.Add(Expected, 1, Source, column, type);
        }

        families.Add(Drift, last.Drift.Missing, Source, "missing");
        families.Add(Drift, last.Drift.Added, Source, "added");
        families.Add(Drift, last.Drift.Retyped, Source, "retyped");
    }
}

/// <summary>A table whose columns and types are watched for drift: <c>Database:Schemas:N:*</c>.</summary>
public sealed class SchemaCheckOptions : DatabaseCheckOptions
{
    public const int MaxColumnsLimit = 1000;

    /// <summary>The table, optionally schema-qualified; empty means <see cref="DatabaseCheckOptions.Name"/>.</summary>
    public string? Table { get; set; }

    /// <summary>
    /// Every column the table must have, with its type as PostgreSQL's <c>format_type</c> prints it
    /// (<c>bigint</c>, <c>numeric(12,2)</c>, <c>character(3)</c>, <c>timestamp with time zone</c>; case and runs
    /// of spaces do not matter).
    /// </summary>
    public Dictionary<string, string> ExpectedColumns { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Most columns served as <c>kpi_table_schema_column_info</c> (a bound on the label's values).</summary>
    public int MaxColumns { get; set; } = 100;

    internal IReadOnlyList<KeyValuePair<string, string>> NormalizedExpectedColumns() =>
        ExpectedColumns.Select(c => KeyValuePair.Create(c.Key, SchemaDrift.NormalizeType(c.Value))).ToList();

    internal override IEnumerable<DatabaseCheck> CreateChecks(DatabaseCheckContext context) =>
        [new SchemaCheck(this, context.Interval(this), context.Timeout(this))];

    internal override void Validate(List<string> failures)
    {
        Table(Key, Table, failures);
        Range($"{Key}:MaxColumns", MaxColumns, 1, MaxColumnsLimit, $"a whole number of columns from 1 to {MaxColumnsLimit}", failures);
        if (ExpectedColumns.Count == 0)
        {
            failures.Add($"{Key}:ExpectedColumns ('{Name}'): empty; list every column the table must have with its type (ExpectedColumns:<column> = <type>).");
        }
        else if (ExpectedColumns.Count > MaxColumns)
        {
            failures.Add($"{Key}:ExpectedColumns ('{Name}'): {ExpectedColumns.Count} columns, more than {Key}:MaxColumns ({MaxColumns}).");
        }

        foreach (var (column, type) in ExpectedColumns)
        {
            Column($"{Key}:ExpectedColumns:{column}", column, failures);
            if (string.IsNullOrWhiteSpace(type) || type.Length > 128)
            {
                failures.Add($"{Key}:ExpectedColumns:{column} = '{type}': must be a type as format_type prints it (e.g. 'bigint', 'numeric(12,2)', 'timestamp with time zone'), at most 128 characters.");
            }
            else if (ColumnTypeNames.Canonical(SchemaDrift.NormalizeType(type)) is { } canonical)
            {
                failures.Add($"{Key}:ExpectedColumns:{column} = '{type}': format_type prints this type as '{canonical}'; write that, or every run reports the column retyped.");
            }
        }
    }
}

/// <summary>A column as the catalog has it.</summary>
internal sealed record SchemaColumn(string Name, string Type);

/// <summary>The catalog's answer: whether the table exists, its columns in order, and how they differ from the expected set.</summary>
internal sealed record SchemaResult(string Table, bool Exists, IReadOnlyList<SchemaColumn> Columns, SchemaDrift Drift) : DatabaseCheckResult
{
    public override long Rows => Math.Max(1, Columns.Count);
}
