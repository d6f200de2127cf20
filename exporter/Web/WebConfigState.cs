using KpiExporter.Exposition;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace KpiExporter.Web;

/// <summary>
/// The web configuration in force: loaded at start (the options validator has already refused a bad file), then
/// swapped by <see cref="Reload"/> when the file or a file it names changes. A bad change keeps the last good
/// configuration, logs why, and sets <c>kpi_exporter_web_config_last_reload_successful</c> to 0.
/// </summary>
internal sealed class WebConfigState
{
    private readonly WebOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebConfigState> _logger;
    private readonly Gauge? _successful;
    private readonly Gauge? _successTime;
    private readonly Lock _reload = new();
    private byte[] _lastRead = [];
    private volatile WebConfig? _current;

    public WebConfigState(IOptions<WebOptions> options, IMetricFactory metrics, TimeProvider time, ILogger<WebConfigState> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        if (!_options.Enabled)
        {
            WebLog.Off(logger);
            return;
        }

        _successful = metrics.CreateGauge("kpi_exporter_web_config_last_reload_successful", "1 when the last load of the web configuration file succeeded, 0 when it was rejected (the last good one stays in force).");
        _successTime = metrics.CreateGauge("kpi_exporter_web_config_last_reload_success_timestamp_seconds", "Time of the last successful load of the web configuration file (Unix seconds).");
        var read = WebConfigFile.Read(File);
        var loaded = read.Build();
        _current = loaded;
        _lastRead = read.Fingerprint;
        Succeeded();
        var description = loaded.Describe();
        WebLog.Loaded(logger, File, description);
    }

    public bool Enabled => _options.Enabled;

    /// <summary>The configuration in force; null without a web configuration file.</summary>
    public WebConfig? Current => _current;

    private string File => _options.FullConfigFile;

    /// <summary>Re-reads the file; applies it when it (or a certificate, key or CA file) changed and is valid.</summary>
    public void Reload()
    {
        if (_current is not { } current)
        {
            return;
        }

        lock (_reload)
        {
            var read = WebConfigFile.Read(File);
            if (read.Fingerprint.AsSpan().SequenceEqual(_lastRead))
            {
                return;
            }

            _lastRead = read.Fingerprint;
            try
            {
                var next = read.Build();
                if ((next.Tls is null) != (current.Tls is null))
                {
                    throw new WebConfigException("tls_server_config: turning TLS on or off changes the listen addresses' scheme and needs a restart");
                }

                _current = next;
                Succeeded();
                var description = next.Describe();
                WebLog.Reloaded(_logger, File, description);
            }
            catch (WebConfigException ex)
            {
                _successful!.Set(0);
                WebLog.Rejected(_logger, File, ex.Message);
            }
        }
    }

    private void Succeeded()
    {
        _successful!.Set(1);
        _successTime!.Set(TextFormat.UnixSeconds(_time.GetUtcNow()));
    }
}
