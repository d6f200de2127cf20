using Microsoft.Extensions.Logging;

namespace KpiExporter.Startup;

/// <summary>The configuration reload's log lines. Failures name keys and reasons, never a connection string.</summary>
internal static partial class ConfigurationReloadLog
{
    [LoggerMessage(EventId = 800, Level = LogLevel.Information, Message = "Configuration reload ({Trigger}): reading the configuration again")]
    public static partial void Started(ILogger logger, string trigger);

    [LoggerMessage(EventId = 801, Level = LogLevel.Information, Message = "Configuration reload ({Trigger}): applied")]
    public static partial void Reloaded(ILogger logger, string trigger);

    [LoggerMessage(EventId = 802, Level = LogLevel.Error, Message = "Configuration reload ({Trigger}) rejected: {Failures}; the running checks stay as they were")]
    public static partial void Rejected(ILogger logger, string trigger, string failures);

    [LoggerMessage(EventId = 803, Level = LogLevel.Warning, Message = "Configuration reload: changed settings that take effect only at the next restart, left as they were: {Keys}")]
    public static partial void NeedsRestart(ILogger logger, string keys);

    [LoggerMessage(EventId = 804, Level = LogLevel.Warning, Message = "SIGHUP cannot be handled on this platform ({Reason}); reload with POST /-/reload")]
    public static partial void NoSignal(ILogger logger, string reason);
}
