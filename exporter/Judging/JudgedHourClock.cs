using KpiExporter.Configuration;
using Microsoft.Extensions.Options;

namespace KpiExporter.Judging;

/// <summary>
/// Chooses the hour the rules judge now. Live mode: the last completed hour of the wall clock in the configured
/// time zone (the current hour is still filling up, so its count is naturally low and would look like a drop).
/// Replay mode: the day plays in a loop from <c>StartHour</c>, <c>SecondsPerHour</c> per hour, counted from
/// the moment the exporter started; each replayed hour stands for a completed hour.
/// </summary>
internal sealed class JudgedHourClock
{
    private readonly TimeProvider _time;
    private readonly CheckoutOptions _options;
    private readonly TimeZoneInfo _zone;
    private readonly DateTimeOffset _replayStart;

    public JudgedHourClock(TimeProvider time, IOptions<CheckoutOptions> options)
    {
        _time = time;
        _options = options.Value;
        _zone = TimeZoneResolver.Find(_options.TimeZone);
        _replayStart = time.GetUtcNow();
    }

    public CheckoutMode Mode => _options.Mode;

    /// <summary>The hour (0..23) being judged at this moment.</summary>
    public int JudgedHour()
    {
        var now = _time.GetUtcNow();
        if (_options.Mode == CheckoutMode.Replay)
        {
            var elapsed = Math.Max(0, (now - _replayStart).TotalSeconds);
            var step = (long)Math.Floor(elapsed / _options.Replay.SecondsPerHour);
            return (int)((_options.Replay.StartHour + step) % 24);
        }

        return TimeZoneInfo.ConvertTime(now, _zone).AddHours(-1).Hour;
    }
}
