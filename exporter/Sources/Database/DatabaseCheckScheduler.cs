using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KpiExporter.Sources.Database;

/// <summary>
/// Runs every check on its own interval, each in its own loop, so a slow check delays nobody else. The first runs
/// are staggered: check i of n starts i/n of its interval after start, so a restart does not send every query
/// at the same moment. A run that overruns its interval is followed at once by the next one (no pile-up). A
/// configuration reload that changes the catalog stops the loops of the removed checks and starts the added ones;
/// an unchanged check's loop runs on undisturbed.
/// </summary>
internal sealed class DatabaseCheckScheduler : BackgroundService
{
    private readonly DatabaseCheckCatalog _catalog;
    private readonly DatabaseCheckRunner _runner;
    private readonly DatabaseConnections _connections;
    private readonly DatabaseOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DatabaseCheckScheduler> _logger;
    private readonly Dictionary<DatabaseCheck, (CancellationTokenSource Stop, Task Task)> _loops = new(ReferenceEqualityComparer.Instance);
    private CancellationToken _stopping = new(canceled: true);

    public DatabaseCheckScheduler(DatabaseCheckCatalog catalog, DatabaseCheckRunner runner, DatabaseConnections connections, IOptions<DatabaseOptions> options, TimeProvider time, ILogger<DatabaseCheckScheduler> logger)
    {
        _catalog = catalog;
        _runner = runner;
        _connections = connections;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Delay of the first run of check <paramref name="index"/> of <paramref name="count"/>.</summary>
    public static TimeSpan FirstRunDelay(int index, int count, TimeSpan interval, bool stagger) =>
        stagger && count > 1 ? interval * index / count : TimeSpan.Zero;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            _catalog.Subscribe(checks => StartAll(checks, stoppingToken), Changed);
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _catalog.Unsubscribe(Changed);
        }

        Task[] running;
        lock (_loops)
        {
            running = _loops.Values.Select(l => l.Task).ToArray();
        }

        await Task.WhenAll(running);
    }

    private void StartAll(IReadOnlyList<DatabaseCheck> checks, CancellationToken stoppingToken)
    {
        foreach (var connection in _connections.All)
        {
            var count = checks.Count(c => c.Database == connection.Name);
            if (count == 0)
            {
                DatabaseLog.NoChecks(_logger, connection.Name, connection.Endpoint);
            }
            else
            {
                DatabaseLog.Started(_logger, connection.Name, count, connection.Endpoint, connection.MaxPoolSize, _options.TimeZone);
            }
        }

        lock (_loops)
        {
            _stopping = stoppingToken;
            for (var i = 0; i < checks.Count; i++)
            {
                Start(checks[i], FirstRunDelay(i, checks.Count, checks[i].Interval, _options.StaggerStart));
            }
        }
    }

    /// <summary>A configuration reload: the removed checks' loops stop (a run in flight is cancelled), the new ones start at once.</summary>
    private void Changed(DatabaseCatalogChange change)
    {
        lock (_loops)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            foreach (var check in change.Removed)
            {
                if (_loops.Remove(check, out var loop))
                {
                    loop.Stop.Cancel();
                }
            }

            foreach (var check in change.Added)
            {
                Start(check, TimeSpan.Zero);
            }
        }
    }

    private void Start(DatabaseCheck check, TimeSpan firstDelay)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        _loops[check] = (stop, RunLoopAsync(check, firstDelay, stop));
    }

    private async Task RunLoopAsync(DatabaseCheck check, TimeSpan firstDelay, CancellationTokenSource stop)
    {
        await Task.Yield();
        var stoppingToken = stop.Token;
        DatabaseLog.Scheduled(_logger, check.Kind, check.Source, firstDelay.TotalMilliseconds, check.Interval.TotalSeconds);
        try
        {
            var next = _time.GetUtcNow() + firstDelay;
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = next - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, stoppingToken);
                }

                await _runner.RunAsync(check, stoppingToken);
                next += check.Interval;
                var now = _time.GetUtcNow();
                if (next < now)
                {
                    next = now;
                }
            }
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down, or the check was removed by a reload: a run cut short by the stop is no failure.
        }
        finally
        {
            stop.Dispose();
        }
    }
}
