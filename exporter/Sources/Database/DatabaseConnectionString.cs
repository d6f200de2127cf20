using System.Text.RegularExpressions;
using Npgsql;

namespace KpiExporter.Sources.Database;

/// <summary>
/// The connection string, from <c>Database:ConnectionString</c> or the file named by <c>Database:ConnectionStringFile</c>.
/// It is never logged; <see cref="Redact"/> cuts the password out of any text that is (error messages).
/// </summary>
internal sealed partial class DatabaseConnectionString
{
    private DatabaseConnectionString(NpgsqlConnectionStringBuilder builder)
    {
        Builder = builder;
    }

    public NpgsqlConnectionStringBuilder Builder { get; }

    /// <summary>Reads and parses the configured connection string.</summary>
    public static DatabaseConnectionString Load(DatabaseOptions options)
    {
        var text = !string.IsNullOrWhiteSpace(options.ConnectionStringFile)
            ? File.ReadAllText(options.ConnectionStringFile).Trim()
            : options.ConnectionString?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new InvalidOperationException("the connection string is empty");
        }

        return new DatabaseConnectionString(new NpgsqlConnectionStringBuilder(text));
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
