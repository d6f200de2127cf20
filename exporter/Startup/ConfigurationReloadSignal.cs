using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KpiExporter.Startup;

/// <summary>SIGHUP reloads the configuration (<see cref="ConfigurationReloader"/>) instead of ending the process, as with Prometheus.</summary>
internal sealed class ConfigurationReloadSignal : IHostedService, IDisposable
{
    private readonly ConfigurationReloader _reloader;
    private readonly ILogger<ConfigurationReloadSignal> _logger;
    private PosixSignalRegistration? _registration;

    public ConfigurationReloadSignal(ConfigurationReloader reloader, ILogger<ConfigurationReloadSignal> logger)
    {
        _reloader = reloader;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                // The reloader never throws for a bad configuration and serialises reloads; the signal handler returns at once.
                _ = Task.Run(() => _reloader.ReloadAsync("SIGHUP", CancellationToken.None), CancellationToken.None);
            });
        }
        catch (PlatformNotSupportedException ex)
        {
            ConfigurationReloadLog.NoSignal(_logger, ex.Message);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _registration?.Dispose();
        _registration = null;
    }
}
