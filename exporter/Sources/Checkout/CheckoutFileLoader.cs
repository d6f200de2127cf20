using System.Diagnostics;
using System.Globalization;
using KpiExporter.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KpiExporter.Sources.Checkout;

/// <summary>
/// Loads one dataset file into the store, or rejects it as a whole: a rejected file leaves the last good data
/// in place, sets the dataset's health to failing and counts the error by reason. Whatever is in the directory, a
/// load holds at most <c>Checkout:MaxFileBytes</c> of one file, and at most <c>Checkout:MaxDatasets</c> files are
/// tracked; the directory itself is a source (<see cref="DirectoryKind"/>) that fails while files are over the limit.
/// </summary>
internal sealed class CheckoutFileLoader
{
    public const string Kind = "checkout_csv";

    /// <summary>The data directory's own source: listing it, and room for its files within <c>Checkout:MaxDatasets</c>.</summary>
    public const string DirectoryKind = "checkout_directory";

    /// <summary>What a directory listing shows for the bytes of a file name that are not UTF-8.</summary>
    private const string UndecodableName = "\uFFFD";

    /// <summary>Files over the limit that the directory's error message names.</summary>
    private const int NamedOverLimit = 3;

    private static readonly string[] Extensions = [".csv", ".tsv"];

    private readonly CheckoutDatasetStore _store;
    private readonly SourceHealthRegistry _health;
    private readonly TimeProvider _time;
    private readonly ZoneCalendar _calendar;
    private readonly CheckoutOptions _options;
    private readonly string _directory;
    private readonly IDatasetFileOpener _opener;
    private readonly ILogger<CheckoutFileLoader> _logger;
    private readonly Dictionary<string, FileStamp> _seen = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tracked = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _overLimit = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <param name="opener">How files are opened; the real file system unless a test substitutes it.</param>
    public CheckoutFileLoader(CheckoutDatasetStore store, SourceHealthRegistry health, TimeProvider time, IOptions<CheckoutOptions> options, ILogger<CheckoutFileLoader> logger, IDatasetFileOpener? opener = null)
    {
        _store = store;
        _health = health;
        _time = time;
        _options = options.Value;
        _calendar = new ZoneCalendar(TimeZoneResolver.Find(_options.TimeZone));
        _directory = Path.TrimEndingDirectorySeparator(_options.FullDataDir);
        _opener = opener ?? DatasetFileOpener.Instance;
        _logger = logger;
    }

    public int DatasetCount => _store.All.Count;

    public static bool IsDatasetFile(string path) =>
        Extensions.Contains(System.IO.Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    public static string DatasetName(string path) => System.IO.Path.GetFileNameWithoutExtension(path);

    /// <summary>
    /// Forgets vanished files, then loads every dataset entry of the directory that changed since it was last read
    /// (a directory or a broken link named like a dataset is reported, not skipped), within the dataset limit.
    /// </summary>
    public void Scan(string directory)
    {
        var started = Stopwatch.GetTimestamp();
        string[] entries;
        try
        {
            entries = Directory.EnumerateFileSystemEntries(directory).Where(IsDatasetFile).Order(StringComparer.Ordinal).ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            CheckoutLog.ScanFailed(_logger, directory, ex.Message);
            var reason = ex is UnauthorizedAccessException ? LoadErrorReason.PermissionDenied : LoadErrorReason.ReadError;
            _health.Failed(DirectoryKind, _directory, Stopwatch.GetElapsedTime(started), reason, $"cannot list the data directory: {ex.Message}");
            return;
        }

        lock (_gate)
        {
            var present = new HashSet<string>(entries, StringComparer.Ordinal);
            var known = _tracked.Concat(_overLimit).Concat(_store.All.Select(d => d.Path)).Distinct(StringComparer.Ordinal).ToList();
            foreach (var path in known.Where(p => !present.Contains(p)))
            {
                Forget(path);
            }

            foreach (var entry in entries)
            {
                LoadLocked(entry, force: false);
            }

            ReportDirectory(started);
        }
    }

    /// <summary>Handles a change of one path: loads it if it exists, forgets its dataset if it does not.</summary>
    public void Refresh(string path)
    {
        if (!IsDatasetFile(path))
        {
            return;
        }

        lock (_gate)
        {
            var started = Stopwatch.GetTimestamp();
            var overLimit = _overLimit.Count;
            if (Path.Exists(path))
            {
                LoadLocked(path, force: true);
            }
            else
            {
                Forget(path);
            }

            if (_overLimit.Count != overLimit)
            {
                ReportDirectory(started);
            }
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

        if (!Admit(path))
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var probe = DatasetFileProbe.Of(path);
        if (probe.Missing && name.Contains(UndecodableName, StringComparison.Ordinal))
        {
            // Listed, yet not there by its name: the name's bytes are not UTF-8, and the replacement character the
            // listing shows for them names another file.
            Reject(path, name, new LoadError(LoadErrorReason.ReadError, null, $"the file name is not valid UTF-8 (shown with {UndecodableName}), so the file cannot be opened by its name; rename it"), started);
            return;
        }

        if (probe.Missing)
        {
            Forget(path);
            return;
        }

        if (probe.Problem is { } problem)
        {
            Reject(path, name, problem, started);
            return;
        }

        var stamp = probe.Stamp!.Value;
        if (!force && _seen.TryGetValue(path, out var seen) && seen == stamp)
        {
            return;
        }

        // Refused from its size alone, without opening it: an empty file (or a named pipe, whose open would wait for
        // a writer) and one bigger than the limit.
        if (stamp.Length == 0 || stamp.Length > _options.MaxFileBytes)
        {
            _seen[path] = stamp;
            Reject(path, name, stamp.Length == 0
                ? new LoadError(LoadErrorReason.EmptyFile, null, "the file is empty (0 bytes)")
                : new LoadError(LoadErrorReason.FileTooLarge, null, string.Create(CultureInfo.InvariantCulture, $"the file is {stamp.Length:N0} bytes, more than Checkout:MaxFileBytes = {_options.MaxFileBytes:N0}; it was not read")), started);
            return;
        }

        BoundedFileRead read;
        try
        {
            using var stream = _opener.OpenRead(path);
            read = BoundedFileRead.Read(stream, stamp.Length, _options.MaxFileBytes, _options.MaxLineBytes);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            Forget(path);
            return;
        }
        catch (UnauthorizedAccessException ex)
        {
            // Not marked as seen (nor left marked from an earlier read): a fixed permission changes no time or size,
            // so only a retry at every rescan notices it.
            _seen.Remove(path);
            Reject(path, name, new LoadError(LoadErrorReason.PermissionDenied, null, $"permission denied: the exporter's user may not read the file ({ex.Message})"), started);
            return;
        }
        catch (IOException ex)
        {
            _seen.Remove(path);
            Reject(path, name, new LoadError(LoadErrorReason.ReadError, null, $"cannot read the file: {ex.Message}"), started);
            return;
        }

        // Deleted or rewritten while it was read: nothing read is applied. A deleted file's dataset goes, as it does
        // when the file is deleted at any other time; a rewritten one is not marked as seen, so the change's own
        // event (or the next rescan) reads it again once it is quiet.
        var after = DatasetFileProbe.Of(path);
        if (after.Missing)
        {
            Forget(path);
            return;
        }

        if (after.Stamp != stamp)
        {
            CheckoutLog.ChangedWhileRead(_logger, path, name);
            return;
        }

        _seen[path] = stamp;
        if (read.Error is { } readError)
        {
            Reject(path, name, readError, started);
            return;
        }

        var result = CheckoutCsvParser.Parse(read.Content);
        var modified = new DateTimeOffset(stamp.Modified, TimeSpan.Zero);
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

    /// <summary>
    /// Whether <paramref name="path"/> may be tracked: it already is, or there is room under <c>Checkout:MaxDatasets</c>.
    /// A file refused for want of room is logged once and counted until it goes or room is made.
    /// </summary>
    private bool Admit(string path)
    {
        if (_tracked.Contains(path))
        {
            return true;
        }

        if (_tracked.Count < _options.MaxDatasets)
        {
            _tracked.Add(path);
            _overLimit.Remove(path);
            return true;
        }

        if (_overLimit.Add(path))
        {
            CheckoutLog.OverLimit(_logger, path, _options.MaxDatasets);
        }

        return false;
    }

    /// <summary>The data directory's health: failing with the files over the limit while there are any.</summary>
    private void ReportDirectory(long started)
    {
        _store.FilesOverLimit = _overLimit.Count;
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (_overLimit.Count == 0)
        {
            _health.Succeeded(DirectoryKind, _directory, elapsed, _tracked.Count);
            return;
        }

        var named = string.Join(", ", _overLimit.Take(NamedOverLimit).Select(p => $"'{InputExcerpt.Of(Path.GetFileName(p))}'"));
        _health.Failed(DirectoryKind, _directory, elapsed, LoadErrorReason.TooManyDatasets, string.Create(
            CultureInfo.InvariantCulture,
            $"{_tracked.Count + _overLimit.Count:N0} dataset files, more than Checkout:MaxDatasets = {_options.MaxDatasets:N0}: {_overLimit.Count:N0} not loaded ({named}{(_overLimit.Count > NamedOverLimit ? ", ..." : "")})"));
    }

    private void Reject(string path, string name, LoadError error, long started)
    {
        _health.Failed(Kind, name, Stopwatch.GetElapsedTime(started), error.Reason, error.ToString());
        CheckoutLog.Rejected(_logger, path, name, error.Line?.ToString(CultureInfo.InvariantCulture) ?? "-", error.Reason, error.Message);
    }

    private void Forget(string path)
    {
        lock (_gate)
        {
            _seen.Remove(path);
            _tracked.Remove(path);
            _overLimit.Remove(path);
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
