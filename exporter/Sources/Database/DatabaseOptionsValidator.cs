using KpiExporter.Configuration;
using Microsoft.Extensions.Options;
using static KpiExporter.Sources.Database.DatabaseValidation;

namespace KpiExporter.Sources.Database;

/// <summary>
/// Rejects database settings that cannot work, naming the key and the value: the shared settings here, each
/// entry's own settings by its kind (<see cref="DatabaseCheckOptions.Validate"/>). The connection string is the
/// one exception: its value carries a password, so only the key and the reason are named.
/// </summary>
internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
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

        foreach (var check in options.Checks)
        {
            Common(check, failures);
            check.Validate(failures);
        }

        foreach (var section in DatabaseCheckSections.All)
        {
            var entries = options.Checks.Where(c => c.GetType() == section.OptionsType).ToList();
            foreach (var group in entries.Select((c, i) => (c.Name, i)).GroupBy(c => c.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                failures.Add($"{S}:{section.Name}: name '{group.Key}' is used by entries {string.Join(", ", group.Select(g => g.i))}; names must be unique.");
            }
        }

        var metricNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var custom in options.Of<CustomSqlCheckOptions>().Where(c => IsMetricName(c.Name)))
        {
            foreach (var metric in custom.MetricNames)
            {
                if (!metricNames.TryAdd(metric, custom.Key))
                {
                    failures.Add($"{custom.Key} ('{custom.Name}'): metric {metric} is also produced by {metricNames[metric]}.");
                }
            }
        }

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

    private static void Common(DatabaseCheckOptions check, List<string> failures)
    {
        var key = check.Key;
        if (!IsMetricName(check.Name))
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
}
