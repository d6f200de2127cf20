namespace KpiExporter.Sources.Checkout;

/// <summary>Why a checkout file was rejected; the <c>reason</c> label of <c>kpi_source_errors_total</c>.</summary>
internal static class LoadErrorReason
{
    public const string EmptyFile = "empty_file";
    public const string MissingColumn = "missing_column";
    public const string InvalidValue = "invalid_value";
    public const string NegativeValue = "negative_value";
    public const string DuplicateHour = "duplicate_hour";
    public const string HourOutOfRange = "hour_out_of_range";
    public const string Truncated = "truncated";
    public const string MalformedCsv = "malformed_csv";
    public const string ReadError = "read_error";
    public const string PermissionDenied = "permission_denied";
    public const string NotAFile = "not_a_file";
    public const string FileTooLarge = "file_too_large";
    public const string LineTooLong = "line_too_long";
    public const string BinaryContent = "binary_content";

    /// <summary>The data directory's own source: more dataset files than <c>Checkout:MaxDatasets</c>.</summary>
    public const string TooManyDatasets = "too_many_datasets";
}
