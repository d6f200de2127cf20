namespace KpiMonitoring.LocalServers.Capture;

/// <summary>
/// The base of every loopback stand-in for a notification service (Slack, PagerDuty, a mail server, a plain
/// webhook): what it accepted, what it refused on purpose, and the failures a test injects to play a receiver
/// that is down for a while and then recovers (<see cref="FailFirst"/>).
/// </summary>
/// <typeparam name="TMessage">One accepted delivery, as the tests read it.</typeparam>
public abstract class CaptureServer<TMessage> : IAsyncDisposable
{
    private readonly string _name;
    private readonly List<FailureRule> _failures = [];
    private readonly Lock _gate = new();

    protected CaptureServer(string name)
    {
        _name = name;
    }

    /// <summary>Deliveries the server accepted (answered with success), in arrival order.</summary>
    public CaptureLog<TMessage> Messages { get; } = new();

    /// <summary>One line per delivery attempt answered with a failure on purpose (<see cref="FailFirst"/>).</summary>
    public CaptureLog<string> Rejections { get; } = new();

    /// <summary>
    /// Refuses the next <paramref name="count"/> delivery attempts whose text (an HTTP body, an SMTP sender)
    /// contains <paramref name="contains"/>, or any attempt when it is null; later attempts succeed again. How a
    /// refusal looks is the server's: HTTP 500, or SMTP 451 to MAIL FROM.
    /// </summary>
    public void FailFirst(int count, string? contains = null)
    {
        lock (_gate)
        {
            _failures.Add(new FailureRule(contains) { Left = count });
        }
    }

    /// <summary>Waits until the accepted deliveries satisfy <paramref name="done"/>; returns them.</summary>
    public Task<IReadOnlyList<TMessage>> WaitForAsync(Func<IReadOnlyList<TMessage>, bool> done, TimeSpan timeout, string what) =>
        Messages.WaitForAsync(done, timeout, $"{_name}: {what}");

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// True when an injected failure applies to this attempt; then it is counted and recorded in
    /// <see cref="Rejections"/> as <paramref name="description"/>.
    /// </summary>
    protected bool TakeFailure(string attempt, string description)
    {
        lock (_gate)
        {
            var rule = _failures.FirstOrDefault(r => r.Left > 0 && (r.Contains is null || attempt.Contains(r.Contains, StringComparison.Ordinal)));
            if (rule is null)
            {
                return false;
            }

            rule.Left--;
        }

        Rejections.Add(description);
        return true;
    }

    private sealed record FailureRule(string? Contains)
    {
        public int Left { get; set; }
    }
}
