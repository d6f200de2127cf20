namespace KpiMonitoring.Stack.Tests.HighAvailability;

/// <summary>
/// One replay of checkout_2 through the HA stack for one test class: the scenario runs once (faults injected while
/// the outage fires), keeps what it saw for the tests to read, and everything is stopped afterwards.
/// </summary>
public abstract class HighAvailabilityRun : IAsyncLifetime
{
    private HighAvailabilityStack? _ha;

    /// <summary>The output of every process of the stack, for a failing test's message.</summary>
    public string Diagnostics { get; private set; } = string.Empty;

    protected abstract double SecondsPerHour { get; }

    /// <summary>The shipped route timers run this many times faster.</summary>
    protected abstract int RouteTimerDivisor { get; }

    /// <summary>Prometheus' --rules.alert.resend-delay: how soon an Alertmanager that restarted hears of a firing alert again.</summary>
    protected abstract TimeSpan AlertResendDelay { get; }

    public async Task InitializeAsync()
    {
        _ha = await HighAvailabilityStack.StartAsync(SecondsPerHour, RouteTimerDivisor, AlertResendDelay);
        try
        {
            await RunAsync(_ha);
        }
        finally
        {
            Diagnostics = _ha.Stack.Diagnostics();
        }
    }

    public async Task DisposeAsync()
    {
        if (_ha is not null)
        {
            await _ha.DisposeAsync();
        }
    }

    private protected abstract Task RunAsync(HighAvailabilityStack ha);
}
