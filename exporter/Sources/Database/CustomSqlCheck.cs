using System.Globalization;
using KpiExporter.Configuration;
using Npgsql;

namespace KpiExporter.Sources.Database;

/// <summary>
/// A user's own KPI: their SQL, one result row per series, labels from the label columns and one metric per value
/// column. A row whose value is SQL NULL has no series for that value. Two rows with the same labels make the whole
/// run fail (reason <c>duplicate_labels</c>): one of them would silently win otherwise.
/// </summary>
internal sealed class CustomSqlCheck : DatabaseCheck
{
    public CustomSqlCheck(CustomSqlCheckOptions check, TimeSpan interval, TimeSpan timeout)
        : base(DatabaseCheckKind.CustomSql, check.Name, interval, timeout)
    {
        Options = check;
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
}
