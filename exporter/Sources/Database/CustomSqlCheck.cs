using System.Globalization;
using KpiExporter.Exposition;
using Npgsql;
using static KpiExporter.Sources.Database.DatabaseValidation;

namespace KpiExporter.Sources.Database;

/// <summary>
/// A user's own KPI: their SQL, one result row per series, labels from the label columns and one metric per value
/// column. A row whose value is SQL NULL has no series for that value. Two rows with the same labels make the whole
/// run fail (reason <c>duplicate_labels</c>): one of them would silently win otherwise.
/// </summary>
internal sealed class CustomSqlCheck : DatabaseCheck<CustomSqlResult>
{
    public const string KindLabel = "custom_sql";

    private readonly MetricFamily[] _families;

    public CustomSqlCheck(CustomSqlCheckOptions check, TimeSpan interval, TimeSpan timeout)
        : base(KindLabel, check.Name, interval, timeout)
    {
        Options = check;
        var labels = check.LabelColumns.ToArray();
        _families = check.MetricNames.Select((name, i) => MetricFamily.Gauge(name, Help(check, i), labels)).ToArray();
    }

    public CustomSqlCheckOptions Options { get; }

    public override IReadOnlyList<DatabaseStatement> Statements(DateTimeOffset now) => [new(Options.Sql)];

    public override async Task<DatabaseCheckResult> ReadAsync(NpgsqlDataReader reader, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var valueColumns = Options.EffectiveValueColumns;
        var labelOrdinals = Options.LabelColumns.Select(c => Ordinal(reader, c)).ToArray();
        var valueOrdinals = valueColumns.Select(c => Ordinal(reader, c)).ToArray();
        var rows = new List<CustomSqlRow>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (rows.Count == Options.MaxRows)
            {
                throw new DatabaseCheckException(DatabaseErrorReason.TooManyRows, $"the query returned more than MaxRows = {Options.MaxRows} rows");
            }

            var labels = new string[labelOrdinals.Length];
            for (var i = 0; i < labels.Length; i++)
            {
                labels[i] = reader.IsDBNull(labelOrdinals[i])
                    ? ""
                    : Convert.ToString(reader.GetValue(labelOrdinals[i]), CultureInfo.InvariantCulture) ?? "";
            }

            var values = new double?[valueOrdinals.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Number(reader, valueOrdinals[i], valueColumns[i], rows.Count + 1);
            }

            var key = string.Join('\u001f', labels);
            if (!seen.TryAdd(key, rows.Count + 1))
            {
                var shown = string.Join(", ", Options.LabelColumns.Select((c, i) => $"{c}=\"{labels[i]}\""));
                throw new DatabaseCheckException(
                    DatabaseErrorReason.DuplicateLabels,
                    $"rows {seen[key]} and {rows.Count + 1} have the same labels {{{shown}}}; each series needs its own row (add a label column or aggregate)");
            }

            rows.Add(new CustomSqlRow(labels, values));
        }

        return new CustomSqlResult(Source, rows);
    }

    private static int Ordinal(NpgsqlDataReader reader, string column)
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (string.Equals(reader.GetName(i), column, StringComparison.Ordinal))
            {
                return i;
            }
        }

        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (string.Equals(reader.GetName(i), column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        var present = string.Join(", ", Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
        throw new DatabaseCheckException(DatabaseErrorReason.MissingColumn, $"the result has no column '{column}' (columns: {present})");
    }

    private static double? Number(NpgsqlDataReader reader, int ordinal, string column, int row)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        var value = reader.GetValue(ordinal);
        switch (value)
        {
            case bool b:
                return b ? 1 : 0;
            case decimal or double or float or long or int or short or byte:
                return Convert.ToDouble(value, CultureInfo.InvariantCulture);
            case string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed):
                return parsed;
            default:
                throw new DatabaseCheckException(
                    DatabaseErrorReason.InvalidValue,
                    $"row {row}: value column '{column}' holds {reader.GetDataTypeName(ordinal)} '{value}', not a number");
        }
    }

    /// <summary>One series per result row and value column; a SQL NULL value has none.</summary>
    protected override void Collect(MetricFamilies families, CustomSqlResult? last)
    {
        foreach (var family in _families)
        {
            families.Declare(family);
        }

        foreach (var row in last?.Series ?? [])
        {
            var labels = row.Labels.ToArray();
            for (var i = 0; i < _families.Length; i++)
            {
                if (row.Values[i] is { } value)
                {
                    families.Add(_families[i], value, labels);
                }
            }
        }
    }

    private static string Help(CustomSqlCheckOptions options, int index)
    {
        var column = options.EffectiveValueColumns[index];
        if (string.IsNullOrWhiteSpace(options.Help))
        {
            return $"Custom SQL check {options.Name}: column {column}.";
        }

        return options.EffectiveValueColumns.Count == 1 ? options.Help : $"{options.Help} ({column})";
    }
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

    internal override IEnumerable<string> OwnLabelNames => LabelColumns;

    internal override IEnumerable<DatabaseCheck> CreateChecks(DatabaseCheckContext context) =>
        [new CustomSqlCheck(this, context.Interval(this), context.Timeout(this))];

    internal override void Validate(List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(Sql))
        {
            failures.Add($"{Key}:Sql is empty; set the query of check '{Name}'.");
        }

        var columns = new HashSet<string>(StringComparer.Ordinal);
        for (var v = 0; v < ValueColumns.Count; v++)
        {
            LabelName($"{Key}:ValueColumns:{v}", ValueColumns[v], failures);
            if (!columns.Add(ValueColumns[v]))
            {
                failures.Add($"{Key}:ValueColumns:{v} = '{ValueColumns[v]}': named twice.");
            }
        }

        for (var l = 0; l < LabelColumns.Count; l++)
        {
            LabelName($"{Key}:LabelColumns:{l}", LabelColumns[l], failures);
            if (!columns.Add(LabelColumns[l]))
            {
                failures.Add($"{Key}:LabelColumns:{l} = '{LabelColumns[l]}': already a value or label column.");
            }
            else if (LabelColumns[l] == DatabaseSeries.DatabaseLabel)
            {
                failures.Add($"{Key}:LabelColumns:{l} = '{LabelColumns[l]}': the exporter labels every database series with its database itself; alias the column (AS db_name).");
            }
        }

        if (MaxRows is < 1 or > 100_000)
        {
            failures.Add($"{Key}:MaxRows = '{MaxRows}': must be from 1 to 100000.");
        }
    }
}

/// <summary>One series of a custom check: the label values (in the order of the label columns) and one value per value column (null for SQL NULL).</summary>
internal sealed record CustomSqlRow(IReadOnlyList<string> Labels, IReadOnlyList<double?> Values);

/// <summary>Every result row of a custom check.</summary>
internal sealed record CustomSqlResult(string Check, IReadOnlyList<CustomSqlRow> Series) : DatabaseCheckResult
{
    public override long Rows => Series.Count;
}
