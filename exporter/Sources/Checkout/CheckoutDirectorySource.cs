using System.Threading.Channels;
using KpiExporter.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KpiExporter.Sources.Checkout;

/// <summary>
/// Keeps the store in step with the data directory: a full scan at start, a file watcher for changes (debounced,
/// so a file being written is read once it is quiet), and a periodic rescan as a safety net for missed events.
/// All loads run on this one loop, one at a time.
/// </summary>
internal sealed class CheckoutDirectorySource : BackgroundService
{
    private const string RescanMarker = "";

    private readonly CheckoutFileLoader _loader;
    private readonly CheckoutReadiness _readiness;
    private readonly CheckoutOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CheckoutDirectorySource> _logger;
    private readonly Channel<string> _changes = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public CheckoutDirectorySource(CheckoutFileLoader loader, CheckoutReadiness readiness, IOptions<CheckoutOptions> options, TimeProvider time, ILogger<CheckoutDirectorySource> logger)
    {
        _loader = loader;
        _readiness = readiness;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var directory = _options.FullDataDir;
        using var watcher = StartWatcher(directory);
        _loader.Scan(directory);
        _readiness.MarkReady();
        CheckoutLog.Watching(_logger, directory, _loader.DatasetCount, _options.Mode);

        var rescans = RescanLoopAsync(stoppingToken);
        try
        {
            await ProcessChangesAsync(directory, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await rescans.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ProcessChangesAsync(string directory, CancellationToken stoppingToken)
    {
        var debounce = TimeSpan.FromMilliseconds(_options.DebounceMilliseconds);
        var pending = new HashSet<string>(StringComparer.Ordinal);
        while (await _changes.Reader.WaitToReadAsync(stoppingToken))
        {
            if (debounce > TimeSpan.Zero)
            {
                await Task.Delay(debounce, _time, stoppingToken);
            }

            while (_changes.Reader.TryRead(out var path))
            {
                pending.Add(path);
            }

            if (pending.Remove(RescanMarker))
            {
                _loader.Scan(directory);
            }

            foreach (var path in pending)
            {
                _loader.Refresh(path);
            }

            pending.Clear();
        }
    }

    private async Task RescanLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.RescanIntervalSeconds), _time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            _changes.Writer.TryWrite(RescanMarker);
        }
    }

    private FileSystemWatcher? StartWatcher(string directory)
    {
        try
        {
            var watcher = new FileSystemWatcher(directory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            watcher.Changed += (_, e) => _changes.Writer.TryWrite(e.FullPath);
            watcher.Created += (_, e) => _changes.Writer.TryWrite(e.FullPath);
            watcher.Deleted += (_, e) => _changes.Writer.TryWrite(e.FullPath);
            watcher.Renamed += (_, e) =>
            {
                _changes.Writer.TryWrite(e.OldFullPath);
                _changes.Writer.TryWrite(e.FullPath);
            };
            watcher.Error += (_, e) =>
            {
                CheckoutLog.WatcherFailed(_logger, directory, e.GetException().Message);
                _changes.Writer.TryWrite(RescanMarker);
            };
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException)
        {
            CheckoutLog.WatcherFailed(_logger, directory, ex.Message);
            return null;
        }
    }
}
