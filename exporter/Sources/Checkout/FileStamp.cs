namespace KpiExporter.Sources.Checkout;

/// <summary>A dataset file's modification time and size: a file whose stamp did not change is not read again.</summary>
internal readonly record struct FileStamp(DateTime Modified, long Length);
