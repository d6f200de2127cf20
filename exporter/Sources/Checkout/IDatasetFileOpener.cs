namespace KpiExporter.Sources.Checkout;

/// <summary>
/// How the loader opens a dataset file for reading: its one seam to the file system's read path. The exporter uses
/// <see cref="DatasetFileOpener"/>; tests substitute it to make the open fail as the operating system would (permission
/// denied, which root cannot otherwise see) or to change the real file at a chosen byte of the read.
/// </summary>
internal interface IDatasetFileOpener
{
    /// <summary>Opens <paramref name="path"/> for reading, sharing it with writers and deleters.</summary>
    Stream OpenRead(string path);
}
