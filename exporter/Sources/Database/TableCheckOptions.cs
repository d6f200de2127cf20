using static KpiExporter.Sources.Database.DatabaseValidation;

namespace KpiExporter.Sources.Database;

/// <summary>A table whose newest row (freshness) and rows today (volume) are watched: <c>Database:Tables:N:*</c>.</summary>
public sealed class TableCheckOptions : DatabaseCheckOptions
{
    /// <summary>The table, optionally schema-qualified (<c>public.transactions</c>); empty means <see cref="DatabaseCheckOptions.Name"/>.</summary>
    public string? Table { get; set; }

    /// <summary>A <c>timestamptz</c> column with an index (the row's creation time).</summary>
    public string TimestampColumn { get; set; } = "created_at";

    public bool Freshness { get; set; } = true;

    public bool Volume { get; set; } = true;

    public double StaleWarningSeconds { get; set; } = 43200;

    public double StaleCriticalSeconds { get; set; } = 86400;

    /// <summary>Local hour of the day (0-24, fractions allowed) from which zero rows today is alarming.</summary>
    public double RowsExpectedAfterHour { get; set; } = 6;

    internal override int CheckCount => (Freshness ? 1 : 0) + (Volume ? 1 : 0);

    internal override IEnumerable<DatabaseCheck> CreateChecks(DatabaseCheckContext context)
    {
        if (Freshness)
        {
            yield return new FreshnessCheck(this, context.Interval(this), context.Timeout(this));
        }

        if (Volume)
        {
            yield return new VolumeCheck(this, context.Calendar, context.Interval(this), context.Timeout(this));
        }
    }

    internal override void Validate(List<string> failures)
    {
        Table(Key, Table, failures);
        Column($"{Key}:TimestampColumn", TimestampColumn, failures);
        Seconds($"{Key}:StaleWarningSeconds", StaleWarningSeconds, 1, double.MaxValue, failures);
        Seconds($"{Key}:StaleCriticalSeconds", StaleCriticalSeconds, 1, double.MaxValue, failures);
        if (StaleCriticalSeconds < StaleWarningSeconds)
        {
            failures.Add($"{Key}:StaleCriticalSeconds = '{Num(StaleCriticalSeconds)}': must not be below {Key}:StaleWarningSeconds ('{Num(StaleWarningSeconds)}').");
        }

        if (!(RowsExpectedAfterHour is >= 0 and <= 24))
        {
            failures.Add($"{Key}:RowsExpectedAfterHour = '{Num(RowsExpectedAfterHour)}': must be an hour of the day from 0 to 24.");
        }

        if (!Freshness && !Volume)
        {
            failures.Add($"{Key} ('{Name}'): Freshness and Volume are both false; remove the table or enable one.");
        }
    }
}
