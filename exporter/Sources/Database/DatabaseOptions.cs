namespace KpiExporter.Sources.Database;

/// <summary>
/// The PostgreSQL sources: configuration section <c>Database</c>. The databases are named in <see cref="Targets"/>
/// (or, the single-database form, given by <see cref="ConnectionString"/> or <see cref="ConnectionStringFile"/>);
/// with none the database sources are off. The checks themselves are listed per kind
/// (<c>Database:Tables</c>, <c>Database:Revenue</c>, ...; see <see cref="DatabaseCheckSections"/>) and collected in
/// <see cref="Checks"/>. Documented in infrastructure/postgres/README.md.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Npgsql connection string. Never logged; prefer <see cref="ConnectionStringFile"/> for the password.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>File holding the connection string (container secrets, the <c>_FILE</c> convention); read at start.</summary>
    public string? ConnectionStringFile { get; set; }

    /// <summary>
    /// Named databases (<c>Database:Targets:orders:ConnectionStringFile</c>): one connection pool each, and the
    /// <c>database</c> label of the metrics of the checks that name them. Not together with <see cref="ConnectionString"/>.
    /// </summary>
    public Dictionary<string, DatabaseTargetOptions> Targets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// IANA time zone whose midnight starts the day (volume) and whose hours align the revenue windows. Unset, it is
    /// the business time zone <c>Checkout:TimeZone</c> (<c>--time-zone</c>), so one setting serves every source.
    /// </summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Most connections the exporter holds open, and so the most checks that query at once.</summary>
    public int MaxPoolSize { get; set; } = 4;

    /// <summary>Default seconds between two runs of a check.</summary>
    public double IntervalSeconds { get; set; } = 30;

    /// <summary>Default seconds a check's query may run (server statement timeout; the client gives up shortly after).</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Spread the first run of the checks over their first interval instead of starting all at once.</summary>
    public bool StaggerStart { get; set; } = true;

    /// <summary>
    /// Every configured check entry: the kinds in the order of <see cref="DatabaseCheckSections.All"/>, each kind's
    /// entries in configuration order. Filled from configuration by the sections, or by <see cref="Add"/>.
    /// </summary>
    public IReadOnlyList<DatabaseCheckOptions> Checks => _checks;

    /// <summary>Whether a connection is configured, i.e. the database sources are on.</summary>
    public bool Enabled => HasSingleConnection || Targets.Count > 0;

    /// <summary>Whether the single-database form (<see cref="ConnectionString"/> or its file) is set.</summary>
    internal bool HasSingleConnection => !string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(ConnectionStringFile);

    /// <summary>How many checks the entries make (a table entry makes up to two).</summary>
    public int CheckCount => _checks.Sum(c => c.CheckCount);

    private readonly List<DatabaseCheckOptions> _checks = [];

    /// <summary>Adds an entry under its kind's section, as the next index of that section (<c>Database:Tables:2</c>).</summary>
    public DatabaseOptions Add(DatabaseCheckOptions check)
    {
        var section = DatabaseCheckSections.For(check.GetType());
        check.Key = $"{Section}:{section.Name}:{_checks.Count(c => c.GetType() == check.GetType())}";
        _checks.Add(check);
        return this;
    }

    /// <summary>
    /// The databases, in name order: every entry of <see cref="Targets"/>; or, in the single-database form, one
    /// target named after the database its connection string names (<c>Database=kpi</c> gives <c>kpi</c>; without
    /// one, <c>default</c>), so a configuration from before named targets keeps working and gains the label.
    /// </summary>
    internal IReadOnlyList<DatabaseTarget> ResolvedTargets()
    {
        if (Targets.Count > 0)
        {
            return Targets.OrderBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => new DatabaseTarget(t.Key, $"{Section}:Targets:{t.Key}", t.Value.ConnectionString, t.Value.ConnectionStringFile, t.Value.MaxPoolSize ?? MaxPoolSize))
                .ToList();
        }

        if (!HasSingleConnection)
        {
            return [];
        }

        var single = new DatabaseTarget(DefaultTargetName, Section, ConnectionString, ConnectionStringFile, MaxPoolSize);
        return [single with { Name = DatabaseConnectionString.DatabaseNameOr(single, DefaultTargetName) }];
    }

    /// <summary>
    /// The database <paramref name="check"/> runs against, among <paramref name="targets"/>: the one its
    /// <c>Database</c> setting names, or without one the only target there is; null when neither holds.
    /// </summary>
    internal static string? TargetOf(DatabaseCheckOptions check, IReadOnlyList<DatabaseTarget> targets)
    {
        if (string.IsNullOrEmpty(check.Database))
        {
            return targets.Count == 1 ? targets[0].Name : null;
        }

        return targets.Any(t => t.Name == check.Database) ? check.Database : null;
    }

    /// <summary>The target name of the single-database form when its connection string names no database.</summary>
    internal const string DefaultTargetName = "default";

    /// <summary>The entries of one kind, in configuration order.</summary>
    public IEnumerable<T> Of<T>()
        where T : DatabaseCheckOptions => _checks.OfType<T>();
}
