using System.Collections.Concurrent;
using KpiExporter.Sources.Checkout;

namespace KpiExporter.Tests.Sources.Checkout.Faults;

/// <summary>
/// The loader's file opener for fault tests: opens the real file, counts what is read of it, and at a test's request
/// fails the open as the operating system would, or runs an action on the real file system after the first read of
/// a file (a rewrite or a delete in the middle of the read).
/// </summary>
internal sealed class ScriptedOpener : IDatasetFileOpener
{
    private readonly ConcurrentDictionary<string, Exception> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Action> _afterFirstRead = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _bytesRead = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _opens = new(StringComparer.Ordinal);

    /// <summary>Every open of <paramref name="path"/> throws <paramref name="failure"/> until <see cref="Heal"/>.</summary>
    public void Fail(string path, Exception failure) => _failures[path] = failure;

    public void Heal(string path) => _failures.TryRemove(path, out _);

    /// <summary>Runs <paramref name="action"/> once, right after the first read call on the next open of <paramref name="path"/>.</summary>
    public void AfterFirstRead(string path, Action action) => _afterFirstRead[path] = action;

    public long BytesRead(string path) => _bytesRead.GetValueOrDefault(path);

    public int Opens(string path) => _opens.GetValueOrDefault(path);

    public Stream OpenRead(string path)
    {
        _opens.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (_failures.TryGetValue(path, out var failure))
        {
            throw failure;
        }

        _afterFirstRead.TryRemove(path, out var action);
        return new ObservedStream(DatasetFileOpener.Instance.OpenRead(path), read => _bytesRead.AddOrUpdate(path, read, (_, n) => n + read), action);
    }

    private sealed class ObservedStream(Stream inner, Action<int> counted, Action? afterFirstRead) : Stream
    {
        private Action? _afterFirstRead = afterFirstRead;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            counted(read);
            var action = _afterFirstRead;
            _afterFirstRead = null;
            action?.Invoke();
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
