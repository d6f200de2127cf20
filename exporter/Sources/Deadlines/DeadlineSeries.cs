using KpiExporter.Configuration;
using KpiExporter.Exposition;
using KpiExporter.Sources.Checkout;
using KpiExporter.Sources.Database;

namespace KpiExporter.Sources.Deadlines;

/// <summary>
/// The deadlines of every source: a checkout dataset's file for the day (<c>Checkout:Deadlines</c>, met when the
/// file is modified on today's business date) and a table's rows of the day (<c>Database:Deadlines</c>, met when
/// its <see cref="TableDeadlineCheck"/> has seen enough rows). Per deadline it exports the current occurrence's due
/// and warning instants and when it was met (timestamps, not ages); the rules decide at risk and missed from them,
/// and the landing page shows the same states. A table's deadline series carry the check's <c>database</c> and
/// static labels, like every other series of a database check.
/// </summary>
internal sealed class DeadlineSeries : IMetricsSource
{
    public const string CheckoutKind = "checkout_csv";
    public const string TableKind = "table";

    private static readonly MetricFamily Due = MetricFamily.Gauge("kpi_deadline_due_timestamp_seconds", "When the deadline's data must be in: today's occurrence while it applies today, else the next day it applies (Unix seconds).", "deadline", "source");
    private static readonly MetricFamily Warning = MetricFamily.Gauge("kpi_deadline_warning_timestamp_seconds", "From when an unmet deadline is at risk: the due time minus the warning lead (Unix seconds).", "deadline", "source");
    private static readonly MetricFamily Met = MetricFamily.Gauge("kpi_deadline_met_timestamp_seconds", "When the data of the due time's day was first seen (Unix seconds); 0 while it has not come.", "deadline", "source");

    private readonly List<CheckoutDeadlineOptions> _files;
    private readonly DatabaseCheckCatalog? _database;
    private readonly CheckoutDatasetStore _store;
    private readonly ZoneCalendar _calendar;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, (DateOnly Day, DateTimeOffset MetAt)> _fileMet = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public DeadlineSeries(CheckoutOptions checkout, CheckoutDatasetStore store, DatabaseCheckCatalog? database, TimeProvider time)
    {
        _files = checkout.Deadlines;
        _database = database;
        _store = store;
        _calendar = new ZoneCalendar(TimeZoneResolver.Find(checkout.TimeZone));
        _time = time;
    }

    public ValueTask WriteAsync(ExpositionWriter writer, CancellationToken cancellationToken)
    {
        var families = new MetricFamilies();
        families.Declare(Due);
        families.Declare(Warning);
        families.Declare(Met);
        foreach (var status in Statuses())
        {
            var labelled = families.WithLabels(status.LabelNames, status.LabelValues);
            labelled.Add(Due, Seconds(status.Occurrence.Due), status.Name, status.Source);
            labelled.Add(Warning, Seconds(status.Occurrence.Warning), status.Name, status.Source);
            labelled.Add(Met, status.MetAt is { } met ? Seconds(met) : 0, status.Name, status.Source);
        }

        return families.WriteToAsync(writer, cancellationToken);
    }

    /// <summary>Deadlines at risk or missed, for the landing page.</summary>
    public IEnumerable<SourceCondition> Conditions() =>
        Statuses()
            .Where(s => s.State is DeadlineState.AtRisk or DeadlineState.Missed)
            .Select(s => new SourceCondition(
                "deadline",
                s.Name,
                s.State == DeadlineState.Missed ? SourceCondition.Missed : SourceCondition.AtRisk,
                $"{s.Source} due at {Local(s.Occurrence.Due)} has not come"));

    /// <summary>Every deadline now, files first, in configuration order.</summary>
    public IReadOnlyList<DeadlineStatus> Statuses()
    {
        var now = _time.GetUtcNow();
        // Read from the catalog at each scrape: a configuration reload may have changed the table deadlines.
        var tables = _database?.Checks.OfType<TableDeadlineCheck>().ToList() ?? [];
        var statuses = new List<DeadlineStatus>(_files.Count + tables.Count);
        foreach (var file in _files)
        {
            var occurrence = DeadlineCalendar.Current(file, _calendar, now);
            statuses.Add(DeadlineStatus.At(file.Name, CheckoutKind, file.Dataset, occurrence, FileMetAt(file, occurrence), now));
        }

        foreach (var table in tables)
        {
            var occurrence = DeadlineCalendar.Current(table.Options, table.Calendar, now);
            var metAt = table.Last is { } last && last.DayStart == occurrence.DayStart ? last.MetAt : null;
            statuses.Add(DeadlineStatus.At(table.Source, TableKind, table.Options.Table, occurrence, metAt, now) with
            {
                LabelNames = table.CommonLabelNames,
                LabelValues = table.CommonLabelValues,
            });
        }

        return statuses;
    }

    /// <summary>
    /// The earliest modification time seen on the occurrence's day for the dataset's file: a file rewritten later
    /// that day keeps the time it first arrived (while the exporter runs; after a restart the current file's time).
    /// </summary>
    private DateTimeOffset? FileMetAt(CheckoutDeadlineOptions file, DeadlineOccurrence occurrence)
    {
        lock (_lock)
        {
            var seen = _fileMet.TryGetValue(file.Name, out var known) && known.Day == occurrence.Day ? known.MetAt : (DateTimeOffset?)null;
            if (occurrence.IsToday && _store.Get(file.Dataset) is { } dataset
                && DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(dataset.FileModified, _calendar.Zone).Date) == occurrence.Day
                && (seen is null || dataset.FileModified < seen))
            {
                seen = dataset.FileModified;
                _fileMet[file.Name] = (occurrence.Day, dataset.FileModified);
            }

            return seen;
        }
    }

    private string Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _calendar.Zone).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static double Seconds(DateTimeOffset instant) => TextFormat.UnixSeconds(instant);
}
