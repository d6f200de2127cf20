namespace KpiExporter.Sources.Checkout;

/// <summary>Opens dataset files on the real file system, without blocking a writer or a deleter.</summary>
internal sealed class DatasetFileOpener : IDatasetFileOpener
{
    public static readonly DatasetFileOpener Instance = new();

    // bufferSize 0: the loader reads in chunks of its own, so the stream adds no buffer of its own.
    public Stream OpenRead(string path) =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
}
