namespace KpiMonitoring.Feeder;

/// <summary>
/// Incidents: an outage (nothing is written), a revenue drop (amounts halved) and a volume drop (only a fraction of
/// the transactions is written), each over a window of time. A window may start in the past, so a backfill writes
/// history with the incident already in it. Defective rows (negative amounts, duplicated order references, NULLs in a
/// column) are queued and written with the next batch.
/// </summary>
internal sealed class Incidents
{
    private readonly Lock _gate = new();
    private DateTimeOffset _outageFrom = DateTimeOffset.MinValue;
    private DateTimeOffset _outageUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _dropFrom = DateTimeOffset.MinValue;
    private DateTimeOffset _dropUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _volumeFrom = DateTimeOffset.MinValue;
    private DateTimeOffset _volumeUntil = DateTimeOffset.MinValue;
    private double _volumeKeep = 1;
    private readonly List<(string Column, int Count)> _pendingNullRows = [];
    private int _pendingBadRows;
    private int _pendingDuplicates;

    /// <summary>No transactions from <paramref name="from"/> for <paramref name="minutes"/>.</summary>
    public void Outage(DateTimeOffset from, double minutes)
    {
        lock (_gate)
        {
            _outageFrom = from;
            _outageUntil = from.AddMinutes(minutes);
        }
    }

    /// <summary>Amounts halved from <paramref name="from"/> for <paramref name="minutes"/>.</summary>
    public void RevenueDrop(DateTimeOffset from, double minutes)
    {
        lock (_gate)
        {
            _dropFrom = from;
            _dropUntil = from.AddMinutes(minutes);
        }
    }

    /// <summary>Only the fraction <paramref name="keep"/> of transactions written from <paramref name="from"/> for <paramref name="minutes"/>.</summary>
    public void VolumeDrop(DateTimeOffset from, double minutes, double keep)
    {
        lock (_gate)
        {
            _volumeFrom = from;
            _volumeUntil = from.AddMinutes(minutes);
            _volumeKeep = Math.Clamp(keep, 0, 1);
        }
    }

    public void BadRows(int count) => Interlocked.Add(ref _pendingBadRows, count);

    public int TakeBadRows() => Interlocked.Exchange(ref _pendingBadRows, 0);

    /// <summary>Queues <paramref name="count"/> copies of recently written transactions (same order reference, written again).</summary>
    public void DuplicateRows(int count) => Interlocked.Add(ref _pendingDuplicates, count);

    public int TakeDuplicateRows() => Interlocked.Exchange(ref _pendingDuplicates, 0);

    /// <summary>Queues <paramref name="count"/> rows with NULL in <paramref name="column"/> (one of <see cref="NullableColumns.All"/>).</summary>
    public void NullRows(string column, int count)
    {
        if (!NullableColumns.Contains(column))
        {
            throw new ArgumentException(NullableColumns.Problem(column), nameof(column));
        }

        lock (_gate)
        {
            _pendingNullRows.Add((column, count));
        }
    }

    public IReadOnlyList<(string Column, int Count)> TakeNullRows()
    {
        lock (_gate)
        {
            var taken = _pendingNullRows.ToList();
            _pendingNullRows.Clear();
            return taken;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _outageFrom = _outageUntil = DateTimeOffset.MinValue;
            _dropFrom = _dropUntil = DateTimeOffset.MinValue;
            _volumeFrom = _volumeUntil = DateTimeOffset.MinValue;
            _volumeKeep = 1;
        }
    }

    public bool InOutage(DateTimeOffset at)
    {
        lock (_gate)
        {
            return at >= _outageFrom && at < _outageUntil;
        }
    }

    public bool InRevenueDrop(DateTimeOffset at)
    {
        lock (_gate)
        {
            return at >= _dropFrom && at < _dropUntil;
        }
    }

    /// <summary>The fraction of transactions at <paramref name="at"/> that is written: 1 outside a volume drop.</summary>
    public double VolumeKept(DateTimeOffset at)
    {
        lock (_gate)
        {
            return at >= _volumeFrom && at < _volumeUntil ? _volumeKeep : 1;
        }
    }

    public string Describe(DateTimeOffset now)
    {
        lock (_gate)
        {
            var outage = now < _outageUntil ? $"outage {_outageFrom:HH:mm:ss}Z-{_outageUntil:HH:mm:ss}Z" : "no outage";
            var drop = now < _dropUntil ? $"revenue drop {_dropFrom:HH:mm:ss}Z-{_dropUntil:HH:mm:ss}Z" : "no revenue drop";
            var volume = now < _volumeUntil ? $"volume drop to {_volumeKeep:P0} {_volumeFrom:HH:mm:ss}Z-{_volumeUntil:HH:mm:ss}Z" : "no volume drop";
            return $"{outage}, {drop}, {volume}";
        }
    }
}
