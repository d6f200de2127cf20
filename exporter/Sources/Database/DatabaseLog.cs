using Microsoft.Extensions.Logging;

namespace KpiExporter.Sources.Database;

/// <summary>The database sources' log lines. None carries the connection string or the password.</summary>
internal static partial class DatabaseLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Database {Database}: {Checks} checks against {Endpoint}, at most {MaxPoolSize} connections, time zone {TimeZone}")]
    public static partial void Started(ILogger logger, string database, int checks, string endpoint, int maxPoolSize, string timeZone);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "Database check {Kind}/{Source} failed after {DurationMs:F0} ms on database {Database}: {Reason}: {Detail}; keeping its last values")]
    public static partial void Failed(ILogger logger, string database, string kind, string source, double durationMs, string reason, string detail);

    [LoggerMessage(EventId = 202, Level = LogLevel.Debug, Message = "Database check {Kind}/{Source} still failing ({Failures} runs): {Reason}: {Detail}")]
    public static partial void StillFailing(ILogger logger, string kind, string source, int failures, string reason, string detail);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "Database check {Kind}/{Source} recovered after {Failures} failed runs")]
    public static partial void Recovered(ILogger logger, string kind, string source, int failures);

    [LoggerMessage(EventId = 204, Level = LogLevel.Debug, Message = "Database check {Kind}/{Source}: {Rows} rows in {DurationMs:F1} ms")]
    public static partial void Succeeded(ILogger logger, string kind, string source, long rows, double durationMs);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "Database {Database} configured ({Endpoint}) but no check runs against it: nothing to query")]
    public static partial void NoChecks(ILogger logger, string database, string endpoint);

    [LoggerMessage(EventId = 206, Level = LogLevel.Debug, Message = "Database check {Kind}/{Source}: first run in {DelayMs:F0} ms, then every {IntervalSeconds} s")]
    public static partial void Scheduled(ILogger logger, string kind, string source, double delayMs, double intervalSeconds);

    [LoggerMessage(EventId = 207, Level = LogLevel.Information, Message = "Database checks reloaded: {Checks} checks ({Kept} kept running, {Added} new or changed, {Removed} removed); databases with a new pool: {Changed}; removed: {Gone}")]
    public static partial void Reloaded(ILogger logger, int checks, int kept, int added, int removed, string changed, string gone);
}
