using System.Collections.Concurrent;
using KpiExporter.Exposition;
using Prometheus;

namespace KpiExporter.Sources;

/// <summary>
/// The one place that defines per-source health: up, last success time, duration, rows and errors by reason,
/// for every source kind (checkout CSV datasets and database checks alike).
/// </summary>
internal sealed class SourceHealthRegistry
{
    private static readonly string[] Labels = ["kind", "source"];

    private readonly TimeProvider _time;
    private readonly Gauge _up;
    private readonly Gauge _lastSuccess;
    private readonly Gauge _duration;
    private readonly Gauge _rows;
    private readonly Counter _errors;
    private readonly ConcurrentDictionary<(string Kind, string Source), SourceStatus> _status = new();
    // The reasons each source has failed with (a set: a source failing at every rescan must not grow it).
    private readonly ConcurrentDictionary<(string Kind, string Source), ConcurrentDictionary<string, bool>> _errorReasons = new();

    public SourceHealthRegistry(IMetricFactory metrics, TimeProvider time)
    {
        _time = time;
        _up = metrics.CreateGauge("kpi_source_up", "1 when the source's last load or query succeeded, 0 when it failed.", Labels);
        _lastSuccess = metrics.CreateGauge("kpi_source_last_success_timestamp_seconds", "Unix time of the source's last successful load or query.", Labels);
        _duration = metrics.CreateGauge("kpi_source_duration_seconds", "Duration of the source's last load or query, in seconds.", Labels);
        _rows = metrics.CreateGauge("kpi_source_rows", "Rows read by the source's last successful load or query.", Labels);
        _errors = metrics.CreateCounter("kpi_source_errors_total", "Failed loads or queries of the source, by reason.", ["kind", "source", "reason"]);
    }

    /// <summary>Records a successful load or query; <paramref name="database"/> names the database a database check queried.</summary>
    public void Succeeded(string kind, string source, TimeSpan duration, long rows, string? database = null)
    {
        var now = _time.GetUtcNow();
        _up.WithLabels(kind, source).Set(1);
        _lastSuccess.WithLabels(kind, source).Set(TextFormat.UnixSeconds(now));
        _duration.WithLabels(kind, source).Set(duration.TotalSeconds);
        _rows.WithLabels(kind, source).Set(rows);
        _status.AddOrUpdate(
            (kind, source),
            _ => new SourceStatus(kind, source, true, now, now, duration, rows, null, Database: database),
            (_, old) => old with { Up = true, LastAttempt = now, LastSuccess = now, LastDuration = duration, Rows = rows });
    }

    /// <summary>Records a failed load or query; the last success time and rows are kept.</summary>
    public void Failed(string kind, string source, TimeSpan duration, string reason, string message, string? database = null)
    {
        var now = _time.GetUtcNow();
        _up.WithLabels(kind, source).Set(0);
        _duration.WithLabels(kind, source).Set(duration.TotalSeconds);
        _errors.WithLabels(kind, source, reason).Inc();
        _errorReasons.GetOrAdd((kind, source), _ => new(StringComparer.Ordinal)).TryAdd(reason, true);
        _status.AddOrUpdate(
            (kind, source),
            _ => new SourceStatus(kind, source, false, now, null, duration, null, message, reason, database),
            (_, old) => old with { Up = false, LastAttempt = now, LastDuration = duration, LastError = message, LastErrorReason = reason });
    }

    /// <summary>Forgets a source that no longer exists (a deleted file, a removed check): its series disappear.</summary>
    public void Remove(string kind, string source)
    {
        _up.RemoveLabelled(kind, source);
        _lastSuccess.RemoveLabelled(kind, source);
        _duration.RemoveLabelled(kind, source);
        _rows.RemoveLabelled(kind, source);
        if (_errorReasons.TryRemove((kind, source), out var reasons))
        {
            foreach (var reason in reasons.Keys)
            {
                _errors.RemoveLabelled(kind, source, reason);
            }
        }

        _status.TryRemove((kind, source), out _);
    }

    /// <summary>The status of every known source, ordered by kind and name.</summary>
    public IReadOnlyList<SourceStatus> Snapshot() =>
        _status.Values.OrderBy(s => s.Kind, StringComparer.Ordinal).ThenBy(s => s.Source, StringComparer.Ordinal).ToList();

    public SourceStatus? Get(string kind, string source) => _status.GetValueOrDefault((kind, source));
}
