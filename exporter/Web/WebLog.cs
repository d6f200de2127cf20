using Microsoft.Extensions.Logging;

namespace KpiExporter.Web;

internal static partial class WebLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Web configuration {File}: {Description}")]
    public static partial void Loaded(ILogger logger, string file, string description);

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Web configuration {File} reloaded: {Description}")]
    public static partial void Reloaded(ILogger logger, string file, string description);

    [LoggerMessage(EventId = 702, Level = LogLevel.Error, Message = "Web configuration {File} rejected: {Reason}; keeping the last good one")]
    public static partial void Rejected(ILogger logger, string file, string reason);

    [LoggerMessage(EventId = 703, Level = LogLevel.Information, Message = "No web configuration file: plain HTTP without authentication (--web.config.file adds TLS and basic auth)")]
    public static partial void Off(ILogger logger);
}
