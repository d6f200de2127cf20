using System.Diagnostics.CodeAnalysis;
using KpiExporter.Configuration;
using KpiExporter.Exposition;
using KpiExporter.Sources.Database;
using KpiExporter.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace KpiExporter.Startup;

/// <summary>
/// Re-reads the configuration on demand (SIGHUP, <c>POST /-/reload</c>), as Prometheus does: every provider is read
/// again (appsettings.json, the <c>--config</c> file, environment, command line), then checked exactly as at start-up
/// (unknown keys and wrong types, every options validator). A valid configuration replaces the database checks and
/// targets (<see cref="DatabaseReload"/>); settings that only take effect at start (<see cref="RestartOnlySections"/>)
/// are left as they are, with a warning naming the changed keys. An invalid one is rejected with a log line naming
/// the key and the reason: the running checks go on unchanged and
/// <c>kpi_exporter_config_last_reload_successful</c> is 0 until a good reload. One reload at a time.
/// </summary>
internal sealed class ConfigurationReloader : IDisposable
{
    /// <summary>The sections read once at start: the listen addresses, the checkout source and the web server.</summary>
    public static readonly string[] RestartOnlySections = ["Urls", CheckoutOptions.Section, WebOptions.Section];

    private readonly IConfigurationRoot _configuration;
    private readonly IServiceProvider _services;
    private readonly DatabaseReload? _database;
    private readonly TimeProvider _time;
    private readonly ILogger<ConfigurationReloader> _logger;
    private readonly Gauge _successful;
    private readonly Gauge _successTime;
    private readonly Counter _reloads;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, string?> _atStart;
    private readonly bool _databaseOnAtStart;

    public ConfigurationReloader(IConfiguration configuration, IServiceProvider services, IMetricFactory metrics, TimeProvider time, ILogger<ConfigurationReloader> logger)
    {
        _configuration = configuration as IConfigurationRoot
            ?? throw new InvalidOperationException("the configuration is not a configuration root; it cannot be re-read");
        _services = services;
        _database = services.GetService<DatabaseReload>();
        _time = time;
        _logger = logger;
        _successful = metrics.CreateGauge("kpi_exporter_config_last_reload_successful", "1 when the last configuration reload succeeded (or none was asked for since start), 0 when it was rejected (the checks running before stay).");
        _successTime = metrics.CreateGauge("kpi_exporter_config_last_reload_success_timestamp_seconds", "Time of the last successful configuration load, at start or by reload (Unix seconds).");
        _reloads = metrics.CreateCounter("kpi_exporter_config_reloads_total", "Configuration reloads asked for (SIGHUP, POST /-/reload), by result: success or failure.", ["result"]);
        _reloads.WithLabels(Success);
        _reloads.WithLabels(Failure);
        _successful.Set(1);
        _successTime.Set(TextFormat.UnixSeconds(time.GetUtcNow()));
        _atStart = RestartOnly(_configuration);
        _databaseOnAtStart = _database is not null;
    }

    private const string Success = "success";
    private const string Failure = "failure";

    public void Dispose() => _gate.Dispose();

    /// <summary>Re-reads and applies the configuration; never throws for a bad configuration (the result says why).</summary>
    /// <param name="trigger">What asked for it (<c>SIGHUP</c>, <c>POST /-/reload</c>), for the log.</param>
    public async Task<ConfigurationReloadResult> ReloadAsync(string trigger, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ConfigurationReloadLog.Started(_logger, trigger);
            var (failures, database) = Read();
            if (failures.Count == 0)
            {
                failures = await ApplyAsync(database!);
            }

            if (failures.Count > 0)
            {
                _successful.Set(0);
                _reloads.WithLabels(Failure).Inc();
                ConfigurationReloadLog.Rejected(_logger, trigger, string.Join("; ", failures));
                return new ConfigurationReloadResult(false, failures, []);
            }

            var restart = RestartKeys(database!);
            if (restart.Count > 0)
            {
                ConfigurationReloadLog.NeedsRestart(_logger, string.Join(", ", restart));
            }

            _successful.Set(1);
            _successTime.Set(TextFormat.UnixSeconds(_time.GetUtcNow()));
            _reloads.WithLabels(Success).Inc();
            ConfigurationReloadLog.Reloaded(_logger, trigger);
            return new ConfigurationReloadResult(true, [], restart);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reads every provider again and checks the result as start-up does; the failures, or the new database options.</summary>
    private (List<string> Failures, DatabaseOptions? Database) Read()
    {
        var missing = _configuration.Providers.OfType<FileConfigurationProvider>()
            .Where(p => !p.Source.Optional && p.Source.FileProvider?.GetFileInfo(p.Source.Path ?? "") is not { Exists: true })
            .Select(p => $"--config '{p.Source.Path}': file does not exist")
            .ToList();
        if (missing.Count > 0)
        {
            return (missing, null);
        }

        foreach (var provider in _configuration.Providers)
        {
            try
            {
                // Each provider on its own (what IConfigurationRoot.Reload does, in order), so that an options monitor
                // failing on one provider's new values does not stop the later providers from being read.
                provider.Load();
            }
            catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException or UnauthorizedAccessException)
            {
                return ([$"{ex.Message}{(ex.InnerException is { } inner ? $" ({inner.Message})" : "")}"], null);
            }
            catch (AggregateException ex) when (ex.Flatten().InnerExceptions.All(e => e is OptionsValidationException))
            {
                // The provider was read; an options monitor listening for the change validated the new values and
                // failed. The checks below report the same failures.
            }
        }

        var failures = ConfigurationKeys.Check(_configuration).ToList();
        if (failures.Count > 0)
        {
            return (failures, null);
        }

        Validate<CheckoutOptions>(failures);
        Validate<WebOptions>(failures);
        var database = Validate<DatabaseOptions>(failures);
        return (failures, failures.Count == 0 ? database : null);
    }

    /// <summary>Binds and validates a fresh <typeparamref name="T"/> through the options pipeline start-up used (binding, post-configure, validators).</summary>
    private T? Validate<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(List<string> failures)
        where T : class
    {
        try
        {
            return _services.GetRequiredService<IOptionsFactory<T>>().Create(Options.DefaultName);
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException or AggregateException)
        {
            // The validators' failures (some arrive wrapped), and the binder's: a value that does not convert to its setting's type.
            failures.AddRange(Failures(ex));
        }

        return null;
    }

    private static IEnumerable<string> Failures(Exception ex) => ex switch
    {
        OptionsValidationException validation => validation.Failures,
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Failures),
        _ => [ex.Message],
    };

    private async Task<List<string>> ApplyAsync(DatabaseOptions database)
    {
        if (_database is null)
        {
            return [];
        }

        try
        {
            await _database.ApplyAsync(database);
            return [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or FormatException or InvalidOperationException)
        {
            // A connection string file unreadable between validation and use: nothing was swapped yet.
            return [$"{DatabaseOptions.Section}: {ex.Message}"];
        }
    }

    /// <summary>The keys of the restart-only sections whose value differs from the one at start.</summary>
    private List<string> RestartKeys(DatabaseOptions database)
    {
        var now = RestartOnly(_configuration);
        var changed = _atStart.Keys.Union(now.Keys, StringComparer.OrdinalIgnoreCase)
            .Where(key => _atStart.GetValueOrDefault(key) != now.GetValueOrDefault(key))
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (!_databaseOnAtStart && database.Enabled)
        {
            changed.Add($"{DatabaseOptions.Section}:Targets (the database sources were off at start)");
        }

        return changed;
    }

    private static Dictionary<string, string?> RestartOnly(IConfiguration configuration)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in RestartOnlySections)
        {
            var section = configuration.GetSection(name);
            if (section.Value is not null)
            {
                values[section.Path] = section.Value;
            }

            foreach (var (key, value) in section.AsEnumerable().Where(kv => kv.Value is not null))
            {
                values[key] = value;
            }
        }

        return values;
    }
}
