using KpiExporter.Configuration;

namespace KpiExporter.Sources.Database;

/// <summary>
/// Every configured check, built from <see cref="DatabaseOptions"/>, in configuration order. A configuration reload
/// swaps the whole list at once (<see cref="Replace"/>): an entry whose settings did not change keeps its running
/// check object, and with it its last results; the others are built anew. Readers (the scrape, the scheduler) see
/// either the old list or the new one, never a mix.
/// </summary>
internal sealed class DatabaseCheckCatalog
{
    private readonly Lock _lock = new();
    private volatile IReadOnlyList<DatabaseCheck> _checks;
    private volatile ZoneCalendar _calendar;
    private Action<DatabaseCatalogChange>? _changed;

    public DatabaseCheckCatalog(DatabaseOptions options)
    {
        (_checks, _calendar) = Build(options);
    }

    public IReadOnlyList<DatabaseCheck> Checks => _checks;

    public ZoneCalendar Calendar => _calendar;

    /// <summary>
    /// Calls <paramref name="current"/> with the checks now, and <paramref name="changed"/> for every later
    /// <see cref="Replace"/>, all under the catalog's lock: in order, and nothing can change between the two.
    /// </summary>
    public void Subscribe(Action<IReadOnlyList<DatabaseCheck>> current, Action<DatabaseCatalogChange> changed)
    {
        lock (_lock)
        {
            current(_checks);
            _changed += changed;
        }
    }

    public void Unsubscribe(Action<DatabaseCatalogChange> changed)
    {
        lock (_lock)
        {
            _changed -= changed;
        }
    }

    /// <summary>
    /// Builds the checks of <paramref name="options"/> (already validated), keeping every current check whose
    /// fingerprint is unchanged, and makes them the catalog's.
    /// </summary>
    public DatabaseCatalogChange Replace(DatabaseOptions options)
    {
        var (built, calendar) = Build(options);
        lock (_lock)
        {
            var unchanged = _checks.GroupBy(c => c.Fingerprint, StringComparer.Ordinal).ToDictionary(g => g.Key, g => new Queue<DatabaseCheck>(g), StringComparer.Ordinal);
            var next = new List<DatabaseCheck>(built.Count);
            var added = new List<DatabaseCheck>();
            foreach (var check in built)
            {
                if (unchanged.TryGetValue(check.Fingerprint, out var same) && same.TryDequeue(out var kept))
                {
                    next.Add(kept);
                }
                else
                {
                    next.Add(check);
                    added.Add(check);
                }
            }

            var removed = unchanged.Values.SelectMany(q => q).ToList();
            var change = new DatabaseCatalogChange(added, removed, next.Count - added.Count);
            _checks = next;
            _calendar = calendar;
            _changed?.Invoke(change);
            return change;
        }
    }

    private static (IReadOnlyList<DatabaseCheck> Checks, ZoneCalendar Calendar) Build(DatabaseOptions options)
    {
        var calendar = new ZoneCalendar(TimeZoneResolver.Find(options.TimeZone));
        var context = new DatabaseCheckContext(options, calendar);
        var targets = options.ResolvedTargets();
        var checks = options.Checks.SelectMany(entry => Targeted(entry, entry.CreateChecks(context), targets, options)).ToList();
        return (checks, calendar);
    }

    private static IEnumerable<DatabaseCheck> Targeted(DatabaseCheckOptions entry, IEnumerable<DatabaseCheck> checks, IReadOnlyList<DatabaseTarget> targets, DatabaseOptions options)
    {
        var database = DatabaseOptions.TargetOf(entry, targets)
            ?? throw new InvalidOperationException($"{entry.Key}: no database to run against (start-up validation lets no such entry through)");
        var labels = DatabaseStaticLabels.Of(entry);
        var fingerprint = DatabaseCheckFingerprint.Of(entry, options, database);
        var index = 0;
        foreach (var check in checks)
        {
            check.Place(database, labels);
            check.Fingerprint = $"{fingerprint}#{index++}";
            yield return check;
        }
    }
}
