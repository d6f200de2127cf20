namespace KpiMonitoring.LocalServers.Capture;

/// <summary>
/// What a capture server received, in arrival order. Thread-safe; tests wait on it without polling: every
/// <see cref="Add"/> wakes the waiters, which re-check their condition on a snapshot.
/// </summary>
public sealed class CaptureLog<T>
{
    private const int ShownOnTimeout = 10;

    private readonly List<T> _items = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public void Add(T item)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _items.Add(item);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    public IReadOnlyList<T> Snapshot()
    {
        lock (_gate)
        {
            return [.. _items];
        }
    }

    /// <summary>
    /// Waits until <paramref name="done"/> holds for everything received so far and returns that snapshot.
    /// On timeout the exception lists what did arrive, so a failing test says what it saw.
    /// </summary>
    public async Task<IReadOnlyList<T>> WaitForAsync(Func<IReadOnlyList<T>, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task changed;
            IReadOnlyList<T> snapshot;
            lock (_gate)
            {
                changed = _changed.Task;
                snapshot = [.. _items];
            }

            if (done(snapshot))
            {
                return snapshot;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException(
                    $"timed out after {timeout.TotalSeconds:0.#} s waiting for {what}; received {snapshot.Count}"
                    + (snapshot.Count > ShownOnTimeout ? $", the last {ShownOnTimeout}" : string.Empty) + ":" + Environment.NewLine
                    + string.Join(Environment.NewLine, snapshot.TakeLast(ShownOnTimeout).Select(item => "  " + Shorten(item?.ToString()))));
            }

            await Task.WhenAny(changed, Task.Delay(left));
        }
    }

    private static string Shorten(string? text) =>
        text is null ? "(null)" : text.Length <= 2000 ? text : text[..2000] + "…";
}
