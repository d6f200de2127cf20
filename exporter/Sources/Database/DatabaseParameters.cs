using Npgsql;
using NpgsqlTypes;

namespace KpiExporter.Sources.Database;

/// <summary>Typed positional parameters, so the planner sees exactly the column's type and uses its index.</summary>
internal static class DatabaseParameters
{
    public static NpgsqlParameter Instant(DateTimeOffset value) =>
        new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = value.ToUniversalTime() };

    public static NpgsqlParameter Text(string value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Text, Value = value };

    public static NpgsqlParameter Integer(int value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Integer, Value = value };

    /// <summary>A <c>timestamptz</c> column value as an instant.</summary>
    public static DateTimeOffset ReadInstant(NpgsqlDataReader reader, int ordinal) =>
        new(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));
}
