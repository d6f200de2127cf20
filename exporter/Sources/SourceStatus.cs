namespace KpiExporter.Sources;

/// <summary>What one source last did, for the landing page and /readyz.</summary>
internal sealed record SourceStatus(
    string Kind,
    string Source,
    bool? Up,
    DateTimeOffset? LastAttempt,
    DateTimeOffset? LastSuccess,
    TimeSpan? LastDuration,
    long? Rows,
    string? LastError,
    string? LastErrorReason = null);
