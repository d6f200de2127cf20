namespace KpiExporter.Sources.Database;

/// <summary>A check's result that cannot be turned into metrics (duplicate labels, a missing column, ...).</summary>
internal sealed class DatabaseCheckException : Exception
{
    public DatabaseCheckException(string reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public DatabaseCheckException()
    {
        Reason = DatabaseErrorReason.Query;
    }

    public DatabaseCheckException(string message)
        : base(message)
    {
        Reason = DatabaseErrorReason.Query;
    }

    public DatabaseCheckException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = DatabaseErrorReason.Query;
    }

    /// <summary>The <c>reason</c> label (<see cref="DatabaseErrorReason"/>).</summary>
    public string Reason { get; }
}
