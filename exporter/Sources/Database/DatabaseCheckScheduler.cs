using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KpiExporter.Sources.Database;

/// <summary>
/// Runs every check on its own interval, each in its own loop, so a slow check delays nobody else. The first runs
/// are staggered: check i of n starts i/n of its interval after start, so a restart does not send every query
/// at the same moment. A run that overruns its interval is followed at once by the next one (no pile-up).
/// </summary>
internal sealed class DatabaseCheckScheduler : BackgroundService
{
    private readonly DatabaseCheckCatalog _catalog;
    private readonly DatabaseCheckRunner _runner;
    private readonly DatabaseConnections _connections;
    private readonly DatabaseOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DatabaseCheckScheduler> _logger;

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
        var checks = _catalog.Checks;
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

        if (checks.Count == 0)
        {
            return;
        }

        var loops = checks.Select((check, i) => RunLoopAsync(check, FirstRunDelay(i, checks.Count, check.Interval, _options.StaggerStart), stoppingToken));
        await Task.WhenAll(loops);
    }

    private async Task RunLoopAsync(DatabaseCheck check, TimeSpan firstDelay, CancellationToken stoppingToken)
    {
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
            // Shutting down: a run cut short by the stop is no failure.
        }
    }
}
