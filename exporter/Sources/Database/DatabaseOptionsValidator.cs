using System.Text.RegularExpressions;
using KpiExporter.Configuration;
using Microsoft.Extensions.Options;
using static KpiExporter.Sources.Database.DatabaseValidation;

namespace KpiExporter.Sources.Database;

/// <summary>
/// Rejects database settings that cannot work, naming the key and the value: the shared settings here, each
/// entry's own settings by its kind (<see cref="DatabaseCheckOptions.Validate"/>). The connection string is the
/// one exception: its value carries a password, so only the key and the reason are named.
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

        foreach (var check in options.Checks)
        {
            Common(check, failures);
            check.Validate(failures);
            DatabaseStaticLabels.Validate(check, failures);
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
        if (options.HasSingleConnection && options.Targets.Count > 0)
        {
            failures.Add($"{S}:ConnectionString / {S}:ConnectionStringFile and {S}:Targets are both set; with named databases give each its connection under {S}:Targets:<name> (move this one to {S}:Targets:<name>:ConnectionString or ConnectionStringFile).");
            return;
        }

        if (!options.Enabled)
        {
            if (options.CheckCount > 0)
            {
                failures.Add($"{S}: {options.CheckCount} database checks are configured but no database is: set {S}:Targets:<name>:ConnectionStringFile (or, for a single database, {S}:ConnectionString or {S}:ConnectionStringFile).");
            }

            return;
        }

        foreach (var (name, target) in options.Targets)
        {
            if (!TargetNamePattern().IsMatch(name))
            {
                failures.Add($"{S}:Targets:{name}: the name must be letters, digits, '_' and '-', starting with a letter (it becomes the database label).");
            }

            if (target.MaxPoolSize is < 1 or > 100)
            {
                failures.Add($"{S}:Targets:{name}:MaxPoolSize = '{target.MaxPoolSize}': must be from 1 to 100.");
            }
        }

        var targets = options.ResolvedTargets();
        foreach (var target in targets)
        {
            ValidateConnectionString(target, failures);
        }

        foreach (var check in options.Checks.Where(c => DatabaseOptions.TargetOf(c, targets) is null))
        {
            var names = string.Join(", ", targets.Select(t => t.Name));
            failures.Add(string.IsNullOrEmpty(check.Database)
                ? $"{check.Key}:Database is not set and {targets.Count} databases are configured ({names}); name the one this check queries."
                : $"{check.Key}:Database = '{check.Database}': no such database; configured: {names}{(options.Targets.Count == 0 ? $" (the single {S}:ConnectionString is named after the database it connects to)" : "")}.");
        }
    }

    private static void ValidateConnectionString(DatabaseTarget target, List<string> failures)
    {
        var hasString = !string.IsNullOrWhiteSpace(target.ConnectionString);
        var hasFile = !string.IsNullOrWhiteSpace(target.ConnectionStringFile);
        if (hasString && hasFile)
        {
            failures.Add($"{target.Key}:ConnectionString and {target.Key}:ConnectionStringFile are both set; set one of them.");
            return;
        }

        if (!hasString && !hasFile)
        {
            failures.Add($"{target.Key}: neither {target.Key}:ConnectionString nor {target.Key}:ConnectionStringFile is set.");
            return;
        }

        if (hasFile && !File.Exists(target.ConnectionStringFile))
        {
            failures.Add($"{target.Key}:ConnectionStringFile = '{target.ConnectionStringFile}': file does not exist ({Path.GetFullPath(target.ConnectionStringFile!)}).");
            return;
        }

        try
        {
            var connection = DatabaseConnectionString.Load(target);
            if (string.IsNullOrEmpty(connection.Builder.Host))
            {
                failures.Add($"{target.ConnectionKey}: the connection string names no Host.");
            }
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // The message may quote part of the string; the password is cut out of it.
            failures.Add($"{target.ConnectionKey}: not a valid connection string: {DatabaseConnectionString.RedactRaw(target.ConnectionString, ex.Message)}");
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

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    private static partial Regex TargetNamePattern();
}
