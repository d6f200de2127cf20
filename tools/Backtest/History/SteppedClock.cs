namespace KpiMonitoring.Backtest.History;

/// <summary>
/// The exporter's clock in an offline backtest: it stands still at the moment the backtest sets, so that the
/// exporter's own replay clock (<c>JudgedHourClock</c>) judges exactly the hour being rendered.
/// </summary>
internal sealed class SteppedClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Set(DateTimeOffset now) => _now = now;
}
