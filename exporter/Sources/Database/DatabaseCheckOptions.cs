namespace KpiExporter.Sources.Database;

/// <summary>
/// Settings every check entry has (how often it runs and how long its query may take), and what each kind adds:
/// its own validation and the checks an entry makes. A new kind derives from this, next to its check.
/// </summary>
public abstract class DatabaseCheckOptions
{
    /// <summary>The logical name: the <c>table</c> label and the <c>source</c> of the health metrics.</summary>
    public string Name { get; set; } = "";

    /// <summary>
    /// The database to query: a name under <c>Database:Targets</c>. Empty is allowed when there is exactly one
    /// database (one target, or the single <c>Database:ConnectionString</c>).
    /// </summary>
    public string? Database { get; set; }

    /// <summary>
    /// Fixed labels on every series of this entry's checks (sql_exporter's <c>static_labels</c>), e.g.
    /// <c>Database:Revenue:0:Labels:team=payments</c>: the rules keep them, so Alertmanager can route on them.
    /// Names are checked at start-up (<see cref="DatabaseStaticLabels"/>).
    /// </summary>
    public Dictionary<string, string> Labels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Seconds between runs; empty means <see cref="DatabaseOptions.IntervalSeconds"/>.</summary>
    public double? IntervalSeconds { get; set; }

    /// <summary>Query timeout in seconds; empty means <see cref="DatabaseOptions.TimeoutSeconds"/>.</summary>
    public double? TimeoutSeconds { get; set; }

    /// <summary>The entry's configuration key (<c>Database:Revenue:0</c>), for error messages.</summary>
    internal string Key { get; set; } = "";

    /// <summary>How many checks this entry makes.</summary>
    internal virtual int CheckCount => 1;

    /// <summary>The checks this entry makes.</summary>
    internal abstract IEnumerable<DatabaseCheck> CreateChecks(DatabaseCheckContext context);

    /// <summary>Label names this entry's own series use besides the families' (a custom check's label columns).</summary>
    internal virtual IEnumerable<string> OwnLabelNames => [];

    /// <summary>Adds a failure (naming <see cref="Key"/>, the setting and the value) for each setting of this kind that cannot work.</summary>
    internal abstract void Validate(List<string> failures);
}
