using KpiExporter.Configuration;

namespace KpiExporter.Sources.Database;

/// <summary>Every configured check, built once from <see cref="DatabaseOptions"/>, in configuration order.</summary>
internal sealed class DatabaseCheckCatalog
{
    public DatabaseCheckCatalog(DatabaseOptions options)
    {
        Calendar = new ZoneCalendar(TimeZoneResolver.Find(options.TimeZone));
        var context = new DatabaseCheckContext(options, Calendar);
        var targets = options.ResolvedTargets();
        Checks = options.Checks.SelectMany(entry => Targeted(entry, entry.CreateChecks(context), targets)).ToList();
    }

    public IReadOnlyList<DatabaseCheck> Checks { get; }

    public ZoneCalendar Calendar { get; }

    private static IEnumerable<DatabaseCheck> Targeted(DatabaseCheckOptions entry, IEnumerable<DatabaseCheck> checks, IReadOnlyList<DatabaseTarget> targets)
    {
        var database = DatabaseOptions.TargetOf(entry, targets)
            ?? throw new InvalidOperationException($"{entry.Key}: no database to run against (start-up validation lets no such entry through)");
        var labels = DatabaseStaticLabels.Of(entry);
        foreach (var check in checks)
        {
            check.Place(database, labels);
            yield return check;
        }
    }
}
