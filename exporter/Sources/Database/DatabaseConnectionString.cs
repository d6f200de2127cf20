using System.Text.RegularExpressions;
using Npgsql;

namespace KpiExporter.Sources.Database;

/// <summary>
/// A database's connection string, from <c>ConnectionString</c> or the file named by <c>ConnectionStringFile</c> (of
/// <c>Database</c> or of a named target, <c>Database:Targets:&lt;name&gt;</c>).
/// It is never logged; <see cref="Redact"/> cuts the password out of any text that is (error messages).
/// </summary>
internal sealed partial class DatabaseConnectionString
{
    private DatabaseConnectionString(NpgsqlConnectionStringBuilder builder)
    {
        Builder = builder;
    }

    public NpgsqlConnectionStringBuilder Builder { get; }

    /// <summary>Reads and parses the target's connection string.</summary>
    public static DatabaseConnectionString Load(DatabaseTarget target)
    {
        var text = !string.IsNullOrWhiteSpace(target.ConnectionStringFile)
            ? File.ReadAllText(target.ConnectionStringFile).Trim()
            : target.ConnectionString?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new InvalidOperationException("the connection string is empty");
        }

        return new DatabaseConnectionString(new NpgsqlConnectionStringBuilder(text));
    }

    /// <summary>
    /// The database the target's connection string names (its <c>Database</c> keyword), or
    /// <paramref name="fallback"/> when it names none or cannot be read (start-up validation reports that).
    /// </summary>
    public static string DatabaseNameOr(DatabaseTarget target, string fallback)
    {
        try
        {
            return Load(target).Builder.Database is { Length: > 0 } name ? name : fallback;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return fallback;
        }
    }

    /// <summary>
    /// The builder the exporter connects with: the configured pool bound, an application name for
    /// pg_stat_activity, and no persisted password (the string is never handed out with it).
    /// </summary>
    public NpgsqlConnectionStringBuilder ForExporter(int maxPoolSize)
    {
        var builder = new NpgsqlConnectionStringBuilder(Builder.ConnectionString)
        {
            MaxPoolSize = maxPoolSize,
            MinPoolSize = 0,
            PersistSecurityInfo = false,
        };
        if (string.IsNullOrEmpty(Builder.ApplicationName))
        {
            builder.ApplicationName = "kpi-exporter";
        }

        return builder;
    }

    /// <summary><paramref name="text"/> with every occurrence of the password replaced by <c>***</c>.</summary>
    public string Redact(string text) => RedactSecret(Builder.Password, text);

    /// <summary>Like <see cref="Redact"/> for a string that may not parse: the password is found by its keyword.</summary>
    public static string RedactRaw(string? connectionString, string text)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return text;
        }

        foreach (Match match in PasswordPattern().Matches(connectionString))
        {
            text = RedactSecret(match.Groups["value"].Value.Trim().Trim('\'', '"'), text);
        }

        return text;
    }

    private static string RedactSecret(string? secret, string text) =>
        string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "***", StringComparison.Ordinal);

    [GeneratedRegex(@"(?i)(?:password|pwd)\s*=\s*(?<value>[^;]*)")]
    private static partial Regex PasswordPattern();
}
