namespace KpiExporter.Sources.Checkout;

/// <summary>
/// What the file system says about a dataset path before it is opened: the stamp of the regular file it is (through
/// symbolic links), or why it cannot be read as one: a directory, a link that loops or points nowhere. Both are null
/// when nothing is there. Opening is left to the loader; the probe only asks for metadata, so a directory, a link
/// loop or a link to a named pipe never blocks or misleads the read.
/// </summary>
internal sealed record DatasetFileProbe(FileStamp? Stamp, LoadError? Problem)
{
    public bool Missing => Stamp is null && Problem is null;

    public static DatasetFileProbe Of(string path)
    {
        var entry = new FileInfo(path);
        if (!entry.Exists)
        {
            return Directory.Exists(path)
                ? Fail(LoadErrorReason.NotAFile, "it is a directory, not a file")
                : new DatasetFileProbe(null, null);
        }

        if (entry.LinkTarget is null)
        {
            return new DatasetFileProbe(new FileStamp(entry.LastWriteTimeUtc, entry.Length), null);
        }

        FileSystemInfo? target;
        try
        {
            target = File.ResolveLinkTarget(path, returnFinalTarget: true);
        }
        catch (IOException ex)
        {
            return Fail(LoadErrorReason.ReadError, $"a symbolic link that cannot be followed ({ex.Message})");
        }

        if (target is null)
        {
            return new DatasetFileProbe(new FileStamp(entry.LastWriteTimeUtc, entry.Length), null);
        }

        if (Directory.Exists(target.FullName))
        {
            return Fail(LoadErrorReason.NotAFile, $"a symbolic link to the directory '{target.FullName}', not a file");
        }

        var file = new FileInfo(target.FullName);
        return file.Exists
            ? new DatasetFileProbe(new FileStamp(file.LastWriteTimeUtc, file.Length), null)
            : Fail(LoadErrorReason.ReadError, $"a symbolic link to '{target.FullName}', which does not exist");
    }

    private static DatasetFileProbe Fail(string reason, string message) => new(null, new LoadError(reason, null, message));
}
