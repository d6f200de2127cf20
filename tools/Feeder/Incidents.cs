namespace KpiMonitoring.Feeder;

/// <summary>Incidents in force: an outage (nothing is written) and a revenue drop (amounts halved), each until a time.</summary>
internal sealed class Incidents
{
    private readonly Lock _gate = new();
    private DateTimeOffset _outageUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _dropUntil = DateTimeOffset.MinValue;
    private int _pendingBadRows;

    public void Outage(DateTimeOffset now, double minutes)
    {
        lock (_gate)
        {
            _outageUntil = now.AddMinutes(minutes);
        }
    }

    public void RevenueDrop(DateTimeOffset now, double minutes)
    {
        lock (_gate)
        {
            _dropUntil = now.AddMinutes(minutes);
        }
    }

    public void BadRows(int count) => Interlocked.Add(ref _pendingBadRows, count);

    public int TakeBadRows() => Interlocked.Exchange(ref _pendingBadRows, 0);

    public void Clear()
    {
        lock (_gate)
        {
            _outageUntil = DateTimeOffset.MinValue;
            _dropUntil = DateTimeOffset.MinValue;
        }
    }

    public bool InOutage(DateTimeOffset at)
    {
        lock (_gate)
        {
            return at < _outageUntil;
        }
    }

    public bool InRevenueDrop(DateTimeOffset at)
    {
        lock (_gate)
        {
            return at < _dropUntil;
        }
    }

    public string Describe(DateTimeOffset now)
    {
        lock (_gate)
        {
            var outage = now < _outageUntil ? $"outage until {_outageUntil:HH:mm:ss}Z" : "no outage";
            var drop = now < _dropUntil ? $"revenue drop until {_dropUntil:HH:mm:ss}Z" : "no revenue drop";
            return $"{outage}, {drop}";
        }
    }
}
