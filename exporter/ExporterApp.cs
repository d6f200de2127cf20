using KpiExporter.Configuration;
using KpiExporter.Http;
using KpiExporter.Judging;
using KpiExporter.Metrics;
using KpiExporter.Sources;
using KpiExporter.Sources.Checkout;
using KpiExporter.Sources.Database;
using KpiExporter.Sources.Deadlines;
using KpiExporter.Sources.Summary;
using KpiExporter.Startup;
using KpiExporter.Web;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometheus;

namespace KpiExporter;

/// <summary>Builds the exporter's web host: configuration, sources, metrics and endpoints.</summary>
public static class ExporterApp
{
    /// <summary>
    /// Builds the app from a command line (checked as the program checks it; a bad one throws
    /// <see cref="ConfigurationException"/>). <paramref name="configure"/> lets tests add configuration or replace
    /// services (a fake clock).
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var request = ExporterCommandLine.Parse(args);
        if (request.Action != CommandLineAction.Run)
        {
            throw new ConfigurationException(request.Error ?? $"{string.Join(' ', args)}: not a command line that runs the exporter");
        }

        return Build(request, configure);
    }

    /// <summary>
    /// Builds the app. Settings, later ones winning: appsettings.json beside the binary, the <c>--config</c> file,
    /// environment variables, the command line.
    /// </summary>
    internal static WebApplication Build(CommandLineRequest request, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        if (request.ConfigFile is { } file)
        {
            AddConfigFile(builder.Configuration, file);
            builder.Configuration.AddEnvironmentVariables();
        }

        builder.Configuration.AddCommandLine(request.Arguments.ToArray(), CommandLineSwitches.Map.ToDictionary());
        configure?.Invoke(builder);

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<StartupLog>();
        services.AddOptions<CheckoutOptions>().Bind(builder.Configuration.GetSection(CheckoutOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CheckoutOptions>, CheckoutOptionsValidator>();

        services.AddSingleton(_ => Prometheus.Metrics.NewCustomRegistry());
        services.AddSingleton<IMetricFactory>(sp => Prometheus.Metrics.WithCustomRegistry(sp.GetRequiredService<CollectorRegistry>()));
        services.AddSingleton<ExporterInfo>();
        services.AddSingleton<ProcessMetrics>();
        services.AddHostedService(sp => sp.GetRequiredService<ProcessMetrics>());
        services.AddSingleton<SourceHealthRegistry>();
        services.AddSingleton<MetricsSources>();

        services.AddSingleton<CheckoutDatasetStore>();
        services.AddSingleton<CheckoutReadiness>();
        services.AddSingleton<CheckoutFileLoader>();
        services.AddSingleton<JudgedHourClock>();
        services.AddSingleton<IMetricsSource, CheckoutSeries>();
        services.AddHostedService<CheckoutDirectorySource>();
        services.AddDatabaseSources(builder.Configuration);
        services.AddDeadlines();
        services.AddSingleton<IMetricsSource>(sp => new DailySummarySeries(sp.GetRequiredService<IOptions<CheckoutOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        builder.AddWebConfig();
        services.AddSingleton<ConfigurationReloader>();
        services.AddHostedService<ConfigurationReloadSignal>();

        var app = builder.Build();
        var registry = app.Services.GetRequiredService<CollectorRegistry>();
        _ = app.Services.GetRequiredService<ProcessMetrics>();
        // The build-info series and the sources (with the replay clock, which counts from here) exist from the start.
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            _ = app.Services.GetRequiredService<ExporterInfo>();
            _ = app.Services.GetRequiredService<MetricsSources>();
            _ = app.Services.GetRequiredService<ConfigurationReloader>();
            app.Services.GetRequiredService<StartupLog>().Write(app.Urls);
        });

        app.UseWebConfig();
        app.MapGet("/", (ExporterInfo info, SourceHealthRegistry health, MetricsSources sources) => LandingPage.Render(info, health, sources));
        app.MapGet("/api/v1/status", (HttpContext context, ExporterInfo info, SourceHealthRegistry health, MetricsSources sources, DeadlineSeries deadlines, TimeProvider time) =>
            StatusEndpoint.Serve(context, info, health, sources, deadlines, time));
        app.MapGet("/healthz", HealthEndpoints.Live);
        app.MapGet("/readyz", (CheckoutReadiness readiness) => HealthEndpoints.Ready(readiness));
        app.MapMethods(ReloadEndpoint.Path, [HttpMethods.Post, HttpMethods.Put], ReloadEndpoint.Serve);
        app.MapGet("/metrics", (HttpContext context, MetricsSources sources) => MetricsEndpoint.Serve(context, registry, sources.All));
        return app;
    }

    private static void AddConfigFile(ConfigurationManager configuration, string file)
    {
        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
        {
            throw new ConfigurationException($"--config '{file}': file does not exist ({path}).");
        }

        try
        {
            configuration.AddJsonFile(path, optional: false, reloadOnChange: false);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"--config '{file}': {ex.Message}{(ex.InnerException is { } inner ? $" ({inner.Message})" : "")}", ex);
        }
    }
}
