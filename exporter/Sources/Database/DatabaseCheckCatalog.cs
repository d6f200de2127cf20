using KpiExporter.Configuration;

namespace KpiExporter.Sources.Database;

/// <summary>Every configured check, built once from <see cref="DatabaseOptions"/>, in configuration order.</summary>
internal sealed class DatabaseCheckCatalog
{
    public DatabaseCheckCatalog(DatabaseOptions options)
    {
        Calendar = new ZoneCalendar(TimeZoneResolver.Find(options.TimeZone));
        var context = new DatabaseCheckContext(options, Calendar);
        Checks = options.Checks.SelectMany(entry => entry.CreateChecks(context)).ToList();
    }

    public IReadOnlyList<DatabaseCheck> Checks { get; }

    public ZoneCalendar Calendar { get; }
}
