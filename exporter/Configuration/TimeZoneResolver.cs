using System.Diagnostics.CodeAnalysis;

namespace KpiExporter.Configuration;

/// <summary>Finds a time zone by IANA (or Windows) id without throwing.</summary>
internal static class TimeZoneResolver
{
    public static bool TryFind(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        if (string.Equals(id, "UTC", StringComparison.OrdinalIgnoreCase))
        {
            zone = TimeZoneInfo.Utc;
            return true;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone);
    }

    public static TimeZoneInfo Find(string id) =>
        TryFind(id, out var zone) ? zone : throw new ArgumentException($"unknown time zone '{id}'", nameof(id));
}
