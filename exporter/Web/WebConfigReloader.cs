using Microsoft.Extensions.Options;

namespace KpiExporter.Web;

/// <summary>
/// Checks the web configuration file (and the certificate, key and CA files it names) every
/// <c>Web:ReloadIntervalSeconds</c>, so a new password or a rotated certificate applies without a restart. Polling
/// rather than a file watcher: certificate managers and Kubernetes secrets replace files through symlink swaps
/// that watchers miss, and comparing a hash of a few small files is cheap.
/// </summary>
internal sealed class WebConfigReloader : BackgroundService
{
    private readonly WebConfigState _state;
    private readonly WebOptions _options;
    private readonly TimeProvider _time;

    public WebConfigReloader(WebConfigState state, IOptions<WebOptions> options, TimeProvider time)
    {
        _state = state;
        _options = options.Value;
        _time = time;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_state.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.ReloadIntervalSeconds), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                _state.Reload();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
