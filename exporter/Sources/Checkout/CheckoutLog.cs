using Microsoft.Extensions.Logging;

namespace KpiExporter.Sources.Checkout;

internal static partial class CheckoutLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Loaded dataset {Dataset} from {File}: {Hours} hour rows in {DurationMs:F1} ms")]
    public static partial void Loaded(ILogger logger, string dataset, string file, int hours, double durationMs);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Rejected {File} (dataset {Dataset}) at line {Line}: {Reason}: {Detail}; keeping the last good data")]
    public static partial void Rejected(ILogger logger, string file, string dataset, string line, string reason, string detail);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Dataset {Dataset} removed: {File} no longer exists")]
    public static partial void Removed(ILogger logger, string dataset, string file);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Ignoring {File}: dataset {Dataset} is already served from {Existing}")]
    public static partial void NameClash(ILogger logger, string file, string dataset, string existing);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "Cannot list the data directory {Directory}: {Detail}; keeping the datasets already loaded")]
    public static partial void ScanFailed(ILogger logger, string directory, string detail);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "File watcher on {Directory} failed ({Detail}); relying on the periodic rescan")]
    public static partial void WatcherFailed(ILogger logger, string directory, string detail);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "Watching {Directory} for checkout datasets ({Count} loaded); mode {Mode}")]
    public static partial void Watching(ILogger logger, string directory, int count, KpiExporter.Configuration.CheckoutMode mode);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Not loading {File}: the data directory already has {MaxDatasets} dataset files (Checkout:MaxDatasets); it is counted in kpi_checkout_files_over_limit and loaded once a dataset goes")]
    public static partial void OverLimit(ILogger logger, string file, int maxDatasets);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information, Message = "{File} (dataset {Dataset}) changed while it was read; nothing of it applied, it is read again once quiet")]
    public static partial void ChangedWhileRead(ILogger logger, string file, string dataset);
}
