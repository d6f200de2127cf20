using System.Diagnostics;
using KpiExporter.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KpiExporter.Sources.Checkout;

/// <summary>
/// Loads one dataset file into the store, or rejects it as a whole: a rejected file leaves the last good data
/// in place, sets the dataset's health to failing and counts the error by reason.
/// </summary>
internal sealed class CheckoutFileLoader
{
    public const string Kind = "checkout_csv";

    private static readonly string[] Extensions = [".csv", ".tsv"];

    private readonly CheckoutDatasetStore _store;
    private readonly SourceHealthRegistry _health;
    private readonly TimeProvider _time;
    private readonly ZoneCalendar _calendar;
    private readonly ILogger<CheckoutFileLoader> _logger;
    private readonly Dictionary<string, (DateTime Modified, long Length)> _seen = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public CheckoutFileLoader(CheckoutDatasetStore store, SourceHealthRegistry health, TimeProvider time, IOptions<CheckoutOptions> options, ILogger<CheckoutFileLoader> logger)
    {
        _store = store;
        _health = health;
        _time = time;
        _calendar = new ZoneCalendar(TimeZoneResolver.Find(options.Value.TimeZone));
        _logger = logger;
    }

    public int DatasetCount => _store.All.Count;

    public static bool IsDatasetFile(string path) =>
        Extensions.Contains(System.IO.Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    public static string DatasetName(string path) => System.IO.Path.GetFileNameWithoutExtension(path);

    /// <summary>Loads every dataset file of a directory that changed since it was last read, and forgets vanished ones.</summary>
    public void Scan(string directory)
    {
        string[] files;
        try
        {
            files = Directory.EnumerateFiles(directory).Where(IsDatasetFile).Order(StringComparer.Ordinal).ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            CheckoutLog.ScanFailed(_logger, directory, ex.Message);
            return;
        }

        foreach (var file in files)
        {
            Load(file, force: false);
        }

        var present = new HashSet<string>(files, StringComparer.Ordinal);
        List<string> known;
        lock (_gate)
        {
            known = _seen.Keys.Concat(_store.All.Select(d => d.Path)).Distinct(StringComparer.Ordinal).ToList();
        }

        foreach (var path in known.Where(p => !present.Contains(p)))
        {
            Forget(path);
        }
    }

    /// <summary>Handles a change of one path: loads it if it exists, forgets its dataset if it does not.</summary>
    public void Refresh(string path)
    {
        if (!IsDatasetFile(path))
        {
            return;
        }

        if (File.Exists(path))
        {
            Load(path, force: true);
        }
        else
        {
            Forget(path);
        }
    }

    /// <summary>Reads and applies one file. Without <paramref name="force"/>, an unchanged file (same time and size) is skipped.</summary>
    public void Load(string path, bool force)
    {
        lock (_gate)
        {
            LoadLocked(path, force);
        }
    }

    private void LoadLocked(string path, bool force)
    {
        var name = DatasetName(path);
        var existing = _store.Get(name);
        if (existing is not null && existing.Path != path && File.Exists(existing.Path))
        {
            CheckoutLog.NameClash(_logger, path, name, existing.Path);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        byte[] content;
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            var stamp = (info.LastWriteTimeUtc, info.Length);
            if (!force && _seen.TryGetValue(path, out var seen) && seen == stamp)
            {
                return;
            }

            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                content = new byte[stream.Length];
                stream.ReadExactly(content);
            }

            info.Refresh();
            _seen[path] = (info.LastWriteTimeUtc, info.Length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (!File.Exists(path))
            {
                Forget(path);
                return;
            }

            Reject(path, name, new LoadError(LoadErrorReason.ReadError, null, $"cannot read the file: {ex.Message}"), started);
            return;
        }

        var result = CheckoutCsvParser.Parse(content);
        var modified = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
        if (result.Error is { } error)
        {
            Reject(path, name, error, started);
            return;
        }

        var day = result.Day!;
        if (existing is not null && day.HourCount < existing.Day.HourCount && SameLocalDay(existing.FileModified, modified))
        {
            Reject(path, name, new LoadError(
                LoadErrorReason.Truncated,
                null,
                $"the file has {day.HourCount} hour rows, fewer than the {existing.Day.HourCount} it had earlier today (a truncated or partial write)"), started);
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var partial = PartialHour.Follow(existing?.Partial, day, modified, _calendar);
        _store.Set(new CheckoutDataset(name, path, day, modified, _time.GetUtcNow(), partial));
        _health.Succeeded(Kind, name, elapsed, day.HourCount);
        CheckoutLog.Loaded(_logger, name, path, day.HourCount, elapsed.TotalMilliseconds);
    }

    private void Reject(string path, string name, LoadError error, long started)
    {
        _health.Failed(Kind, name, Stopwatch.GetElapsedTime(started), error.Reason, error.ToString());
        CheckoutLog.Rejected(_logger, path, name, error.Line?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", error.Reason, error.Message);
    }

    private void Forget(string path)
    {
        lock (_gate)
        {
            _seen.Remove(path);
            var name = DatasetName(path);
            var existing = _store.Get(name);
            if (existing is not null && existing.Path != path)
            {
                return;
            }

            if (existing is not null || _health.Get(Kind, name) is not null)
            {
                _store.Remove(name);
                _health.Remove(Kind, name);
                CheckoutLog.Removed(_logger, name, path);
            }
        }
    }

    /// <summary>Whether two file times fall on the same calendar day in the configured time zone.</summary>
    private bool SameLocalDay(DateTimeOffset a, DateTimeOffset b) =>
        TimeZoneInfo.ConvertTime(a, _calendar.Zone).Date == TimeZoneInfo.ConvertTime(b, _calendar.Zone).Date;
}
