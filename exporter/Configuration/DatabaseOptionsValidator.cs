using System.Globalization;
using System.Text.RegularExpressions;
using KpiExporter.Sources.Database;
using Microsoft.Extensions.Options;

namespace KpiExporter.Configuration;

/// <summary>
/// Rejects database settings that cannot work, naming the key and the value. The connection string is the one
/// exception: its value carries a password, so only the key and the reason are named.
/// </summary>
internal sealed partial class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    private const string S = DatabaseOptions.Section;

    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var failures = new List<string>();
        ValidateConnection(options, failures);

        if (!TimeZoneResolver.TryFind(options.TimeZone, out _))
        {
            failures.Add($"{S}:TimeZone = '{options.TimeZone}': unknown time zone; use an IANA name such as 'UTC' or 'America/Sao_Paulo'.");
        }

        if (options.MaxPoolSize is < 1 or > 100)
        {
            failures.Add($"{S}:MaxPoolSize = '{options.MaxPoolSize}': must be from 1 to 100.");
        }

        Seconds($"{S}:IntervalSeconds", options.IntervalSeconds, 0.1, 86400, failures);
        Seconds($"{S}:TimeoutSeconds", options.TimeoutSeconds, 0.1, 3600, failures);

        for (var i = 0; i < options.Tables.Count; i++)
        {
            var t = options.Tables[i];
            var key = $"{S}:Tables:{i}";
            Check(key, t, failures);
            Table(key, t.Table, failures);
            Identifier($"{key}:TimestampColumn", t.TimestampColumn, failures);
            Seconds($"{key}:StaleWarningSeconds", t.StaleWarningSeconds, 1, double.MaxValue, failures);
            Seconds($"{key}:StaleCriticalSeconds", t.StaleCriticalSeconds, 1, double.MaxValue, failures);
            if (t.StaleCriticalSeconds < t.StaleWarningSeconds)
            {
                failures.Add($"{key}:StaleCriticalSeconds = '{Num(t.StaleCriticalSeconds)}': must not be below {key}:StaleWarningSeconds ('{Num(t.StaleWarningSeconds)}').");
            }

            if (!(t.RowsExpectedAfterHour is >= 0 and <= 24))
            {
                failures.Add($"{key}:RowsExpectedAfterHour = '{Num(t.RowsExpectedAfterHour)}': must be an hour of the day from 0 to 24.");
            }

            if (!t.Freshness && !t.Volume)
            {
                failures.Add($"{key} ('{t.Name}'): Freshness and Volume are both false; remove the table or enable one.");
            }
        }

        for (var i = 0; i < options.Revenue.Count; i++)
        {
            var r = options.Revenue[i];
            var key = $"{S}:Revenue:{i}";
            Check(key, r, failures);
            Table(key, r.Table, failures);
            Identifier($"{key}:TimestampColumn", r.TimestampColumn, failures);
            Identifier($"{key}:AmountColumn", r.AmountColumn, failures);
            if (!string.IsNullOrEmpty(r.StatusColumn))
            {
                Identifier($"{key}:StatusColumn", r.StatusColumn, failures);
            }
            else if (!string.IsNullOrEmpty(r.RevenueStatus))
            {
                failures.Add($"{key}:RevenueStatus = '{r.RevenueStatus}': needs {key}:StatusColumn.");
            }

            if (r.MaxStatuses is < 1 or > 100)
            {
                failures.Add($"{key}:MaxStatuses = '{r.MaxStatuses}': must be from 1 to 100.");
            }
        }

        for (var i = 0; i < options.Streams.Count; i++)
        {
            var r = options.Streams[i];
            var key = $"{S}:Streams:{i}";
            Check(key, r, failures);
            Table(key, r.Table, failures);
            Identifier($"{key}:TimestampColumn", r.TimestampColumn, failures);
            if (!string.IsNullOrEmpty(r.StatusColumn))
            {
                Identifier($"{key}:StatusColumn", r.StatusColumn, failures);
            }
            else if (!string.IsNullOrEmpty(r.RevenueStatus))
            {
                failures.Add($"{key}:RevenueStatus = '{r.RevenueStatus}': needs {key}:StatusColumn.");
            }

            if (r.HistoryWeeks is < 1 or > RevenueStreamCheckOptions.MaxHistoryWeeks)
            {
                failures.Add($"{key}:HistoryWeeks = '{r.HistoryWeeks}': must be from 1 to {RevenueStreamCheckOptions.MaxHistoryWeeks}.");
            }

            Seconds($"{key}:SlotSeconds", r.SlotSeconds, 60, 86400, failures);
            if (!(r.SilenceThreshold is >= 1 and <= 100))
            {
                failures.Add($"{key}:SilenceThreshold = '{Num(r.SilenceThreshold)}': must be from 1 to 100 (expected sales missed; 16 pages about once a quarter by chance at 3,600 sales an hour).");
            }

            if (!(r.MinExpectedPerHour is >= 0 and < 1e9))
            {
                failures.Add($"{key}:MinExpectedPerHour = '{Num(r.MinExpectedPerHour)}': must be a rate of sales per hour, 0 or more.");
            }
        }

        for (var i = 0; i < options.DataQuality.Count; i++)
        {
            var d = options.DataQuality[i];
            var key = $"{S}:DataQuality:{i}";
            Check(key, d, failures);
            Table(key, d.Table, failures);
            Identifier($"{key}:TimestampColumn", d.TimestampColumn, failures);
            if (!string.IsNullOrEmpty(d.AmountColumn))
            {
                Identifier($"{key}:AmountColumn", d.AmountColumn, failures);
            }

            for (var c = 0; c < d.RequiredColumns.Count; c++)
            {
                Identifier($"{key}:RequiredColumns:{c}", d.RequiredColumns[c], failures);
            }

            if (string.IsNullOrEmpty(d.AmountColumn) && d.RequiredColumns.Count == 0)
            {
                failures.Add($"{key} ('{d.Name}'): neither AmountColumn nor RequiredColumns is set; there is nothing to check.");
            }

            Seconds($"{key}:WindowSeconds", d.WindowSeconds, 1, 366 * 86400, failures);
        }

        var metricNames = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < options.CustomChecks.Count; i++)
        {
            var c = options.CustomChecks[i];
            var key = $"{S}:CustomChecks:{i}";
            Check(key, c, failures);
            if (string.IsNullOrWhiteSpace(c.Sql))
            {
                failures.Add($"{key}:Sql is empty; set the query of check '{c.Name}'.");
            }

            var columns = new HashSet<string>(StringComparer.Ordinal);
            for (var v = 0; v < c.ValueColumns.Count; v++)
            {
                LabelName($"{key}:ValueColumns:{v}", c.ValueColumns[v], failures);
                if (!columns.Add(c.ValueColumns[v]))
                {
                    failures.Add($"{key}:ValueColumns:{v} = '{c.ValueColumns[v]}': named twice.");
                }
            }

            for (var l = 0; l < c.LabelColumns.Count; l++)
            {
                LabelName($"{key}:LabelColumns:{l}", c.LabelColumns[l], failures);
                if (!columns.Add(c.LabelColumns[l]))
                {
                    failures.Add($"{key}:LabelColumns:{l} = '{c.LabelColumns[l]}': already a value or label column.");
                }
            }

            if (c.MaxRows is < 1 or > 100_000)
            {
                failures.Add($"{key}:MaxRows = '{c.MaxRows}': must be from 1 to 100000.");
            }

            if (MetricNamePattern().IsMatch(c.Name))
            {
                foreach (var metric in c.MetricNames)
                {
                    if (!metricNames.TryAdd(metric, key))
                    {
                        failures.Add($"{key} ('{c.Name}'): metric {metric} is also produced by {metricNames[metric]}.");
                    }
                }
            }
        }

        Unique("Tables", options.Tables, failures);
        Unique("Revenue", options.Revenue, failures);
        Unique("Streams", options.Streams, failures);
        Unique("DataQuality", options.DataQuality, failures);
        Unique("CustomChecks", options.CustomChecks, failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateConnection(DatabaseOptions options, List<string> failures)
    {
        var hasString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        var hasFile = !string.IsNullOrWhiteSpace(options.ConnectionStringFile);
        if (hasString && hasFile)
        {
            failures.Add($"{S}:ConnectionString and {S}:ConnectionStringFile are both set; set one of them.");
            return;
        }

        if (!hasString && !hasFile)
        {
            if (options.CheckCount > 0)
            {
                failures.Add($"{S}: {options.CheckCount} database checks are configured but neither {S}:ConnectionString nor {S}:ConnectionStringFile is set.");
            }

            return;
        }

        if (hasFile && !File.Exists(options.ConnectionStringFile))
        {
            failures.Add($"{S}:ConnectionStringFile = '{options.ConnectionStringFile}': file does not exist ({Path.GetFullPath(options.ConnectionStringFile!)}).");
            return;
        }

        var key = hasFile ? $"{S}:ConnectionStringFile" : $"{S}:ConnectionString";
        try
        {
            var connection = DatabaseConnectionString.Load(options);
            if (string.IsNullOrEmpty(connection.Builder.Host))
            {
                failures.Add($"{key}: the connection string names no Host.");
            }
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // The message may quote part of the string; the password is cut out of it.
            failures.Add($"{key}: not a valid connection string: {DatabaseConnectionString.RedactRaw(options.ConnectionString, ex.Message)}");
        }
    }

    private static void Check(string key, DatabaseCheckOptions check, List<string> failures)
    {
        if (!MetricNamePattern().IsMatch(check.Name))
        {
            failures.Add($"{key}:Name = '{check.Name}': must be letters, digits and '_' and start with a letter or '_'.");
        }

        if (check.IntervalSeconds is { } interval)
        {
            Seconds($"{key}:IntervalSeconds", interval, 0.1, 86400, failures);
        }

        if (check.TimeoutSeconds is { } timeout)
        {
            Seconds($"{key}:TimeoutSeconds", timeout, 0.1, 3600, failures);
        }
    }

    private static void Table(string key, string? table, List<string> failures)
    {
        if (!string.IsNullOrEmpty(table) && !SqlIdentifier.IsValidQualified(table))
        {
            failures.Add($"{key}:Table = '{table}': must be a table name, optionally schema-qualified (letters, digits, '_', '$'; at most 63 characters a part).");
        }
    }

    private static void Identifier(string key, string? column, List<string> failures)
    {
        if (!SqlIdentifier.IsValid(column))
        {
            failures.Add($"{key} = '{column}': must be a column name (letters, digits, '_', '$'; at most 63 characters).");
        }
    }

    private static void LabelName(string key, string name, List<string> failures)
    {
        if (!MetricNamePattern().IsMatch(name) || name.StartsWith("__", StringComparison.Ordinal))
        {
            failures.Add($"{key} = '{name}': must be a column name usable as a Prometheus name (letters, digits, '_'; not starting with a digit or '__').");
        }
    }

    private static void Seconds(string key, double value, double min, double max, List<string> failures)
    {
        if (!(value >= min && value <= max))
        {
            failures.Add($"{key} = '{Num(value)}': must be from {Num(min)} to {Num(max)} seconds.");
        }
    }

    private static void Unique<T>(string list, List<T> checks, List<string> failures)
        where T : DatabaseCheckOptions
    {
        foreach (var group in checks.Select((c, i) => (c.Name, i)).GroupBy(c => c.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            failures.Add($"{S}:{list}: name '{group.Key}' is used by entries {string.Join(", ", group.Select(g => g.i))}; names must be unique.");
        }
    }

    private static string Num(double value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex MetricNamePattern();
}
