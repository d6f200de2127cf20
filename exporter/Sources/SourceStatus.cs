namespace KpiExporter.Sources;

/// <summary>What one source last did, for the landing page and /readyz; <c>Database</c> is the database a database check queries.</summary>
internal sealed record SourceStatus(
    string Kind,
    string Source,
    bool? Up,
    DateTimeOffset? LastAttempt,
    DateTimeOffset? LastSuccess,
    TimeSpan? LastDuration,
    long? Rows,
    string? LastError,
    string? LastErrorReason = null,
    string? Database = null);
